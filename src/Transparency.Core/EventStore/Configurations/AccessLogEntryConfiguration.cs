using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Transparency.Core.EventStore.Configurations;

public sealed class AccessLogEntryConfiguration : IEntityTypeConfiguration<AccessLogEntry>
{
    public void Configure(EntityTypeBuilder<AccessLogEntry> b)
    {
        b.ToTable("access_log");
        b.HasKey(a => new { a.EmployeeId, a.Id });
        b.Property(a => a.Id).ValueGeneratedNever();
        b.Property(a => a.EmployeeId).HasMaxLength(64);
        b.Property(a => a.ActorId).HasMaxLength(200);
        b.Property(a => a.Why).HasMaxLength(2000);
        b.HasIndex(a => new { a.EmployeeId, a.At }).IsDescending(false, true);
        // The privacy officers' activity page reads their reviews across employees.
        b.HasIndex(a => a.At).HasDatabaseName("ix_access_log_officer_at").HasFilter("actor_role = 2");
        b.HasOne<Employee>().WithMany().HasForeignKey(a => a.EmployeeId).OnDelete(DeleteBehavior.Restrict);
    }
}
