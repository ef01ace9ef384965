using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Transparency.Core.EventStore.Configurations;

public sealed class PastMembershipConfiguration : IEntityTypeConfiguration<PastMembership>
{
    public void Configure(EntityTypeBuilder<PastMembership> b)
    {
        b.ToTable("past_memberships");
        b.HasKey(m => new { m.EmployeeId, m.Until });
        b.Property(m => m.EmployeeId).HasMaxLength(64);
        b.Property(m => m.OrgUnitId).HasMaxLength(64);
        // The rollup of one org unit finds who was a member in a week.
        b.HasIndex(m => new { m.OrgUnitId, m.Until });
        b.HasOne<Employee>().WithMany().HasForeignKey(m => m.EmployeeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(m => m.OrgUnitId).OnDelete(DeleteBehavior.Restrict);
    }
}
