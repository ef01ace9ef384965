using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Transparency.Core.EventStore.Configurations;

public sealed class DecisionRecordConfiguration : IEntityTypeConfiguration<DecisionRecord>
{
    public void Configure(EntityTypeBuilder<DecisionRecord> b)
    {
        b.ToTable("decision_records");
        b.HasKey(x => new { x.EmployeeId, x.DecisionId, x.RecordId });
        b.Property(x => x.EmployeeId).HasMaxLength(64);
        // A record's history: every decision that touched it.
        b.HasIndex(x => new { x.EmployeeId, x.RecordId });
        b.HasOne<Decision>().WithMany().HasForeignKey(x => new { x.EmployeeId, x.DecisionId }).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CaptureRecord>().WithMany().HasForeignKey(x => new { x.EmployeeId, x.RecordId }).OnDelete(DeleteBehavior.Restrict);
    }
}
