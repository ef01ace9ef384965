using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Transparency.Core.EventStore.Configurations;

public sealed class CaptureContentConfiguration : IEntityTypeConfiguration<CaptureContent>
{
    public void Configure(EntityTypeBuilder<CaptureContent> b)
    {
        b.ToTable("capture_contents");
        b.HasKey(c => new { c.EmployeeId, c.RecordId });
        b.Property(c => c.EmployeeId).HasMaxLength(64);
        b.Property(c => c.SnapshotMediaType).HasMaxLength(100);
    }
}
