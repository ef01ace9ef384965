using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Transparency.Core.EventStore.Configurations;

public sealed class OwnDownloadConfiguration : IEntityTypeConfiguration<OwnDownload>
{
    public void Configure(EntityTypeBuilder<OwnDownload> b)
    {
        b.ToTable("own_downloads");
        b.HasKey(d => new { d.EmployeeId, d.Id });
        b.Property(d => d.EmployeeId).HasMaxLength(64);
        // The usage rollup counts an org unit's members' downloads of one week.
        b.HasIndex(d => new { d.EmployeeId, d.At });
        b.HasOne<Employee>().WithMany().HasForeignKey(d => d.EmployeeId).OnDelete(DeleteBehavior.Restrict);
    }
}
