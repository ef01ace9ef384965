using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Transparency.Core.EventStore.Configurations;

public sealed class UsageCellConfiguration : IEntityTypeConfiguration<UsageCell>
{
    public void Configure(EntityTypeBuilder<UsageCell> b)
    {
        // Organisation-level aggregates, keyed by org unit: no employee data, so not distributed by employee.
        b.ToTable("usage_figures");
        b.HasKey(c => new { c.OrgUnitId, c.WeekStart, c.Kind });
        b.Property(c => c.OrgUnitId).HasMaxLength(64);
        // Reports read a period across every unit.
        b.HasIndex(c => c.WeekStart);
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(c => c.OrgUnitId).OnDelete(DeleteBehavior.Restrict);
    }
}
