using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Transparency.Core.EventStore.Configurations;

public sealed class ExportReceiptConfiguration : IEntityTypeConfiguration<ExportReceipt>
{
    public void Configure(EntityTypeBuilder<ExportReceipt> b)
    {
        b.ToTable("export_receipts");
        b.HasKey(x => new { x.EmployeeId, x.RecordId, x.ExportBatchId });
        b.Property(x => x.EmployeeId).HasMaxLength(64);
        // The one cross-employee read of receipts: what a training batch carried, for the pipeline's purges.
        // An employee's receipts are read by record, through the key.
        b.HasIndex(x => x.ExportBatchId).HasDatabaseName("ix_export_receipts_batch");
        // No foreign keys: receipts are written only by the export, in the transaction that records the batch, for
        // records it has just selected; records are never removed (a deletion or purge keeps the tombstone). A key
        // check per receipt was a third of an export page's database time and guarded nothing that can happen.
    }
}
