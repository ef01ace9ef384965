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
        // No foreign keys: rows are written only by the act itself, INSERT … SELECT from the records it just
        // changed, in the transaction that appends the decision; records and decisions are never deleted.
        // A per-row key check would double the cost of a 100,000-record act for nothing it could catch.
    }
}
