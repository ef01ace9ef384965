using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Transparency.Core.EventStore.Configurations;

public sealed class ApiClientConfiguration : IEntityTypeConfiguration<ApiClient>
{
    public void Configure(EntityTypeBuilder<ApiClient> b)
    {
        b.ToTable("api_clients");
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.Name).HasMaxLength(200);
        b.Property(c => c.KeyPrefix).HasMaxLength(16);
        b.Property(c => c.KeyHash).HasMaxLength(64);
        b.Property(c => c.Scopes).HasMaxLength(500);
        b.Property(c => c.EntraApplicationId).HasMaxLength(100);
        b.HasIndex(c => c.KeyHash).IsUnique();
        b.HasIndex(c => c.EntraApplicationId).IsUnique();
        b.HasIndex(c => c.Name).IsUnique();
    }
}
