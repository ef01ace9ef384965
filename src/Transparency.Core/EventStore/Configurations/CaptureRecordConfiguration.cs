using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Transparency.Core.EventStore.Configurations;

public sealed class CaptureRecordConfiguration : IEntityTypeConfiguration<CaptureRecord>
{
    public void Configure(EntityTypeBuilder<CaptureRecord> b)
    {
        b.ToTable("capture_records");
        // Keys lead with the employee so the store can be distributed by employee (Citus).
        b.HasKey(r => new { r.EmployeeId, r.Id });
        b.Property(r => r.Id).ValueGeneratedNever();
        b.Property(r => r.EmployeeId).HasMaxLength(64);
        b.Property(r => r.DeviceId).HasMaxLength(100);
        b.Property(r => r.Application).HasMaxLength(200);
        b.Property(r => r.Site).HasMaxLength(253);
        b.Property(r => r.SourceAgent).HasMaxLength(100);
        b.Property(r => r.Summary).HasMaxLength(1000);
        b.Property(r => r.IngestHash).HasMaxLength(64);

        // Serves the employee's keyset paging: newest first, id breaks ties.
        b.HasIndex(r => new { r.EmployeeId, r.CapturedAt, r.Id })
            .IsDescending(false, true, true)
            .HasDatabaseName("ix_capture_records_employee_captured");
        // The training export's cursor: everyone's records in the order they arrived. Cross-employee by nature.
        b.HasIndex(r => new { r.ReceivedAt, r.EmployeeId, r.Id }).HasDatabaseName("ix_capture_records_received");
        // The retention purge's work list: per purpose set, the records whose content still exists, oldest
        // first. Partial, so erased records leave it; a purge reads exactly the range past the set's retention.
        b.HasIndex(r => new { r.Purposes, r.CapturedAt })
            .HasFilter("purged_at IS NULL AND deleted_at IS NULL")
            .HasDatabaseName("ix_capture_records_content_held");

        b.HasOne(r => r.Content).WithOne()
            .HasForeignKey<CaptureContent>(c => new { c.EmployeeId, c.RecordId })
            .OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Employee>().WithMany().HasForeignKey(r => r.EmployeeId).OnDelete(DeleteBehavior.Restrict);
    }
}
