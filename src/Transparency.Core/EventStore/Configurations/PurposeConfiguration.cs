using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Transparency.Core.EventStore.Configurations;

public sealed class PurposeConfiguration : IEntityTypeConfiguration<Purpose>
{
    public void Configure(EntityTypeBuilder<Purpose> b)
    {
        b.ToTable("purposes");
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).ValueGeneratedNever();
        b.Property(p => p.Name).HasMaxLength(200);
        b.Property(p => p.LegalBasis).HasMaxLength(500);
        b.Property(p => p.Recipients).HasMaxLength(500);
        b.Property(p => p.FidesDataUse).HasMaxLength(200);
        b.Property(p => p.Description).HasMaxLength(2000);
        // Purposes registered before kinds were chosen took every kind.
        b.Property(p => p.KindMask).HasDefaultValue(Purpose.AllKinds);
        b.Ignore(p => p.Kinds);
    }
}
