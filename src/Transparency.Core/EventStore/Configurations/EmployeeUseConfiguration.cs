using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Transparency.Core.EventStore.Configurations;

public sealed class EmployeeUseConfiguration : IEntityTypeConfiguration<EmployeeUse>
{
    public void Configure(EntityTypeBuilder<EmployeeUse> b)
    {
        b.ToTable("employee_uses");
        b.HasKey(u => new { u.EmployeeId, u.Kind, u.Purpose });
        b.Property(u => u.EmployeeId).HasMaxLength(64);
        b.HasOne<Employee>().WithMany().HasForeignKey(u => u.EmployeeId).OnDelete(DeleteBehavior.Restrict);
    }
}
