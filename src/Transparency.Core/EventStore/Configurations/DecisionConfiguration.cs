using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Transparency.Core.EventStore.Configurations;

public sealed class DecisionConfiguration : IEntityTypeConfiguration<Decision>
{
    public void Configure(EntityTypeBuilder<Decision> b)
    {
        b.ToTable("decisions");
        b.HasKey(d => new { d.EmployeeId, d.Id });
        b.Property(d => d.Id).ValueGeneratedNever();
        b.Property(d => d.EmployeeId).HasMaxLength(64);
        b.Property(d => d.ActorId).HasMaxLength(200);
        b.Property(d => d.Reason).HasMaxLength(2000);
        b.HasIndex(d => new { d.EmployeeId, d.RecordId });
        b.HasIndex(d => new { d.EmployeeId, d.At });
        // The privacy officers' activity page reads their acts across employees; employees' own acts are most rows and stay out.
        b.HasIndex(d => d.At).HasDatabaseName("ix_decisions_officer_at").HasFilter("actor_role = 2");
        b.HasOne<Employee>().WithMany().HasForeignKey(d => d.EmployeeId).OnDelete(DeleteBehavior.Restrict);
    }
}
