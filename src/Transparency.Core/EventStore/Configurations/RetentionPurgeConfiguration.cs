using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Transparency.Core.EventStore.Configurations;

public sealed class RetentionPurgeConfiguration : IEntityTypeConfiguration<RetentionPurge>
{
    public void Configure(EntityTypeBuilder<RetentionPurge> b)
    {
        // Organisation-wide operations log: holds counts and times, no employee data.
        b.ToTable("retention_purges");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Instance).HasMaxLength(200);
        b.Property(x => x.Retention).HasMaxLength(200);
        b.HasIndex(x => x.StartedAt);
    }
}
