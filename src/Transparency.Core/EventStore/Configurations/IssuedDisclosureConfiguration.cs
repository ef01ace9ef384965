using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Transparency.Core.EventStore.Configurations;

public sealed class IssuedDisclosureConfiguration : IEntityTypeConfiguration<IssuedDisclosure>
{
    public void Configure(EntityTypeBuilder<IssuedDisclosure> b)
    {
        // Looked up by the file's hash from a public page, not by employee: not distributed by employee.
        b.ToTable("issued_disclosures");
        b.HasKey(d => d.Id);
        b.Property(d => d.EmployeeId).HasMaxLength(64);
        b.Property(d => d.IssuedTo).HasMaxLength(256);
        b.Property(d => d.SubjectInitials).HasMaxLength(32);
        b.Property(d => d.SubjectOrgUnit).HasMaxLength(200);
        b.Property(d => d.Sha256).HasMaxLength(64).IsFixedLength();
        b.HasIndex(d => d.Sha256).IsUnique();
        b.HasIndex(d => new { d.EmployeeId, d.IssuedAt });
    }
}
