using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Transparency.Core.EventStore.Configurations;

public sealed class SensitiveContextEntryConfiguration : IEntityTypeConfiguration<SensitiveContextEntry>
{
    public void Configure(EntityTypeBuilder<SensitiveContextEntry> b)
    {
        b.ToTable("sensitive_contexts");
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.Value).HasMaxLength(300);
    }
}
