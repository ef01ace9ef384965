namespace Transparency.Core.EventStore;

/// <summary>Why records are processed: one row of the processing register.</summary>
public sealed class Purpose
{
    /// <summary>A single member of <see cref="Purposes"/>.</summary>
    public Purposes Id { get; set; }
    public required string Name { get; set; }
    public required string Description { get; set; }
    public required string LegalBasis { get; set; }
    public required string Recipients { get; set; }
    public int RetentionDays { get; set; }

    /// <summary>Whether an employee may withhold their records from this purpose.</summary>
    public bool Withholdable { get; set; }

    /// <summary>The Fides taxonomy data-use key, so the register can be exchanged with privacy tooling.</summary>
    public required string FidesDataUse { get; set; }
}
