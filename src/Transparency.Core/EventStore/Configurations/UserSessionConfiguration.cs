using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Transparency.Core.EventStore.Configurations;

public sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> b)
    {
        b.ToTable("user_sessions");
        b.HasKey(s => s.Id);
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.Account).HasMaxLength(250);
        b.Property(s => s.EmployeeId).HasMaxLength(64);
        b.Property(s => s.Roles).HasMaxLength(500);
        b.Property(s => s.EndReason).HasMaxLength(50);
        b.HasIndex(s => new { s.Account, s.StartedAt });
        b.HasIndex(s => s.EmployeeId);
    }
}
