using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Transparency.Core.EventStore.Configurations;

public sealed class ReportViewConfiguration : IEntityTypeConfiguration<ReportView>
{
    public void Configure(EntityTypeBuilder<ReportView> b)
    {
        // About the organisation, not an employee: not distributed by employee.
        b.ToTable("report_views");
        b.HasKey(v => v.Id);
        b.Property(v => v.ActorId).HasMaxLength(256);
        b.Property(v => v.OrgUnitId).HasMaxLength(64);
        b.Property(v => v.Query).HasMaxLength(512);
        // The privacy officer reads them newest first.
        b.HasIndex(v => v.At);
    }
}
