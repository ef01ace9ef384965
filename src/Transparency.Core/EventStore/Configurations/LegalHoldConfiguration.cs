using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Transparency.Core.EventStore.Configurations;

public sealed class LegalHoldConfiguration : IEntityTypeConfiguration<LegalHold>
{
    public void Configure(EntityTypeBuilder<LegalHold> b)
    {
        b.ToTable("legal_holds");
        b.HasKey(h => new { h.EmployeeId, h.Id });
        b.Property(h => h.Id).ValueGeneratedNever();
        b.Property(h => h.EmployeeId).HasMaxLength(64);
        b.Property(h => h.Reason).HasMaxLength(2000);
        b.Property(h => h.Reference).HasMaxLength(200);
        b.Property(h => h.LiftReason).HasMaxLength(2000);
        b.Property(h => h.PlacedBy).HasMaxLength(200);
        b.Property(h => h.LiftedBy).HasMaxLength(200);
        b.HasIndex(h => new { h.EmployeeId, h.LiftedAt });
        b.HasOne<Employee>().WithMany().HasForeignKey(h => h.EmployeeId).OnDelete(DeleteBehavior.Restrict);
    }
}
