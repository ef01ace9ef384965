using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Transparency.Core.EventStore.Configurations;

public sealed class SummaryRollupStateConfiguration : IEntityTypeConfiguration<SummaryRollupState>
{
    public void Configure(EntityTypeBuilder<SummaryRollupState> b)
    {
        b.ToTable("summary_rollup_state");
        b.HasKey(s => s.Id);
        b.Property(s => s.Id).ValueGeneratedNever();
    }
}
