using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Transparency.Core.EventStore.Configurations;

public sealed class UsageCellRefreshConfiguration : IEntityTypeConfiguration<UsageCellRefresh>
{
    public void Configure(EntityTypeBuilder<UsageCellRefresh> b)
    {
        b.ToTable("usage_cell_refreshes");
        b.HasKey(c => new { c.OrgUnitId, c.WeekStart });
        b.Property(c => c.OrgUnitId).HasMaxLength(64);
        b.HasIndex(c => c.MarkedAt);
    }
}
