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

    /// <summary>
    /// The capture kinds the purpose takes, one bit per kind (<see cref="MaskOf"/>): a record of another kind does not feed it,
    /// whatever the capture agent asked for.
    /// </summary>
    public int KindMask { get; set; } = AllKinds;

    /// <summary>Every capture kind there is.</summary>
    public static readonly int AllKinds = Enum.GetValues<CaptureKind>().Aggregate(0, (mask, kind) => mask | MaskOf(kind));

    public static int MaskOf(CaptureKind kind) => 1 << (int)kind;

    public bool Takes(CaptureKind kind) => (KindMask & MaskOf(kind)) != 0;

    public IReadOnlyList<CaptureKind> Kinds => Enum.GetValues<CaptureKind>().Where(Takes).ToList();
}
