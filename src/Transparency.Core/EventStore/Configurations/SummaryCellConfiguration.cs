using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Transparency.Core.EventStore.Configurations;

public sealed class SummaryCellConfiguration : IEntityTypeConfiguration<SummaryCell>
{
    public void Configure(EntityTypeBuilder<SummaryCell> b)
    {
        b.ToTable("summary_cells");
        // Leads with the employee, like every employee's data: the summary reads one employee's recent days.
        b.HasKey(c => new { c.EmployeeId, c.Day, c.Kind, c.Purposes });
        b.Property(c => c.EmployeeId).HasMaxLength(64);
        b.HasOne<Employee>().WithMany().HasForeignKey(c => c.EmployeeId).OnDelete(DeleteBehavior.Restrict);
    }
}
