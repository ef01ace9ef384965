using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Transparency.Core.EventStore.Configurations;

public sealed class NoticeConfiguration : IEntityTypeConfiguration<Notice>
{
    public void Configure(EntityTypeBuilder<Notice> b)
    {
        b.ToTable("notices");
        b.HasKey(n => new { n.EmployeeId, n.Id });
        b.Property(n => n.Id).ValueGeneratedNever();
        b.Property(n => n.EmployeeId).HasMaxLength(64);
        b.Property(n => n.Text).HasMaxLength(1000);
        b.Property(n => n.Link).HasMaxLength(500);
        b.HasIndex(n => new { n.EmployeeId, n.At }).IsDescending(false, true);
        b.HasOne<Employee>().WithMany().HasForeignKey(n => n.EmployeeId).OnDelete(DeleteBehavior.Restrict);
    }
}
