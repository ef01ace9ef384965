using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Transparency.Core.EventStore.Configurations;

public sealed class RevocationConfiguration : IEntityTypeConfiguration<Revocation>
{
    public void Configure(EntityTypeBuilder<Revocation> b)
    {
        b.ToTable("revocations");
        // At most one revocation per record per export batch; the key leads with the employee like all employee data.
        b.HasKey(x => new { x.EmployeeId, x.RecordId, x.ExportBatchId });
        b.Property(x => x.EmployeeId).HasMaxLength(64);
        b.Property(x => x.ReasonClass).HasMaxLength(32);
        // The feed's cursor, read across employees in sequence order. Assigned by the (serialized) fill, not by the database.
        b.Property(x => x.Sequence).ValueGeneratedNever();
        b.HasIndex(x => x.Sequence).IsUnique().HasDatabaseName("ix_revocations_sequence");
        // A revocation answers one receipt: this record, as that batch carried it.
        b.HasOne<ExportReceipt>().WithMany()
            .HasForeignKey(x => new { x.EmployeeId, x.RecordId, x.ExportBatchId }).OnDelete(DeleteBehavior.Restrict);
    }
}
