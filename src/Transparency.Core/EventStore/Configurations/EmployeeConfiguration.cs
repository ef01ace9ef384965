using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Transparency.Core.EventStore.Configurations;

public sealed class EmployeeConfiguration : IEntityTypeConfiguration<Employee>
{
    public void Configure(EntityTypeBuilder<Employee> b)
    {
        b.ToTable("employees");
        b.HasKey(e => e.Id);
        b.Property(e => e.Id).HasMaxLength(64);
        b.Property(e => e.DisplayName).HasMaxLength(200);
        b.Property(e => e.OrgUnitId).HasMaxLength(64);
        b.Property(e => e.SignInIdentity).HasMaxLength(200);
        b.Property(e => e.ObjectId).HasMaxLength(100);
        // Not unique: a leaver keeps their name while the directory hands it to a new hire.
        b.HasIndex(e => e.SignInIdentity);
        b.HasIndex(e => e.ObjectId).IsUnique();
        b.HasIndex(e => e.OrgUnitId);
        b.HasOne(e => e.OrgUnit).WithMany().HasForeignKey(e => e.OrgUnitId).OnDelete(DeleteBehavior.Restrict);
    }
}
