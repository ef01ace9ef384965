using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Transparency.Core.EventStore.Configurations;

public sealed class StandingRuleConfiguration : IEntityTypeConfiguration<StandingRule>
{
    public void Configure(EntityTypeBuilder<StandingRule> b)
    {
        b.ToTable("standing_rules");
        b.HasKey(s => new { s.EmployeeId, s.Id });
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.EmployeeId).HasMaxLength(64);
        b.Property(s => s.Application).HasMaxLength(200);
        b.Property(s => s.Site).HasMaxLength(253);
        b.Ignore(s => s.IsGlobalOptOut);
        // The eligibility rule's NOT EXISTS probes the employee's active rules.
        b.HasIndex(s => new { s.EmployeeId, s.RemovedAt });
        b.HasOne<Employee>().WithMany().HasForeignKey(s => s.EmployeeId).OnDelete(DeleteBehavior.Restrict);
    }
}
