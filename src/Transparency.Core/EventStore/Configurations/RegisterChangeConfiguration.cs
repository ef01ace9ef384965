using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Transparency.Core.EventStore.Configurations;

public sealed class RegisterChangeConfiguration : IEntityTypeConfiguration<RegisterChange>
{
    public void Configure(EntityTypeBuilder<RegisterChange> b)
    {
        b.ToTable("register_changes");
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.ChangedBy).HasMaxLength(200);
        b.Property(c => c.Summary).HasMaxLength(4000);
        b.HasIndex(c => new { c.Subject, c.At });
    }
}
