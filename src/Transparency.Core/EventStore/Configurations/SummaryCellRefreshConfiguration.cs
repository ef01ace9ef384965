using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Transparency.Core.EventStore.Configurations;

public sealed class SummaryCellRefreshConfiguration : IEntityTypeConfiguration<SummaryCellRefresh>
{
    public void Configure(EntityTypeBuilder<SummaryCellRefresh> b)
    {
        b.ToTable("summary_cell_refreshes");
        // The summary reads one employee's marks; the rollup takes the oldest marks first.
        b.HasKey(m => new { m.EmployeeId, m.Id });
        b.Property(m => m.Id).ValueGeneratedNever();
        b.Property(m => m.EmployeeId).HasMaxLength(64);
        b.HasIndex(m => m.MarkedAt);
    }
}
