using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Transparency.Core.EventStore.Configurations;

public sealed class FlagConfiguration : IEntityTypeConfiguration<Flag>
{
    public void Configure(EntityTypeBuilder<Flag> b)
    {
        b.ToTable("flags");
        b.HasKey(f => new { f.EmployeeId, f.Id });
        b.Property(f => f.Id).ValueGeneratedNever();
        b.Property(f => f.EmployeeId).HasMaxLength(64);
        b.Property(f => f.Note).HasMaxLength(2000);
        b.Property(f => f.ResolvedBy).HasMaxLength(200);
        b.Property(f => f.Resolution).HasMaxLength(2000);
        b.HasIndex(f => new { f.EmployeeId, f.RecordId });
        // The privacy officer's queue reads open flags oldest first.
        b.HasIndex(f => new { f.ReviewState, f.RaisedAt });
        b.HasIndex(f => new { f.EmployeeId, f.DecisionId });
        b.HasOne<CaptureRecord>().WithMany().HasForeignKey(f => new { f.EmployeeId, f.RecordId }).IsRequired(false).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Decision>().WithMany().HasForeignKey(f => new { f.EmployeeId, f.DecisionId }).OnDelete(DeleteBehavior.Restrict);
    }
}
