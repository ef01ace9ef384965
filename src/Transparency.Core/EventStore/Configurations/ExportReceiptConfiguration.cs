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
        b.HasIndex(x => new { x.EmployeeId, x.ExportBatchId });
        // The one cross-employee read of receipts: what a training batch carried, for the pipeline's purges.
        b.HasIndex(x => x.ExportBatchId).HasDatabaseName("ix_export_receipts_batch");
        b.HasOne<CaptureRecord>().WithMany().HasForeignKey(x => new { x.EmployeeId, x.RecordId }).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ExportBatch>().WithMany().HasForeignKey(x => x.ExportBatchId).OnDelete(DeleteBehavior.Restrict);
    }
}
