using System.Globalization;
using Transparency.Core.AccessLog;
using Transparency.Core.EventStore;
using Transparency.Core.Records;

namespace Transparency.Core.Disclosures;

/// <summary>Which of the employee's records a disclosure covers: those captured from <see cref="From"/> to <see cref="To"/> (whole UTC days), or everything held.</summary>
public sealed record DisclosurePeriod(DateOnly? From = null, DateOnly? To = null)
{
    public static DisclosurePeriod Everything { get; } = new();

    /// <summary>Why the period cannot be used, or null.</summary>
    public string? Problem => From is { } from && To is { } to && to < from ? "The period ends before it starts." : null;

    public bool IsEverything => From is null && To is null;

    public string Describe() => (From, To) switch
    {
        (null, null) => "everything held",
        ({ } from, null) => $"records captured from {Day(from)}",
        (null, { } to) => $"records captured up to {Day(to)}",
        ({ } from, { } to) => $"records captured from {Day(from)} to {Day(to)}",
    };

    /// <summary>The same records the employee's own records page lists for these dates.</summary>
    internal RecordFilter Filter => new() { From = From, To = To };

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>Who a disclosure is issued to: the employee themselves, or HR with the reason the employee will read.</summary>
public sealed record DisclosureReader(string ActorId, ActorRole Role, string? Why = null)
{
    public bool IsSubject => Role == ActorRole.Employee;
}

/// <summary>A disclosure as issued: the file, its document id and the SHA-256 recorded for it.</summary>
public sealed record IssuedFile(Guid DocumentId, string FileName, byte[] Content, string Sha256);

/// <summary>One capture kind's records in the period: how many, how many feed each purpose, how many are training-eligible now.</summary>
public sealed record KindFigures(CaptureKind Kind, int Records, IReadOnlyDictionary<Purposes, int> ByPurpose, int Eligible);

public sealed record MonthFigures(int Year, int Month, IReadOnlyDictionary<CaptureKind, int> ByKind)
{
    public int Records => ByKind.Values.Sum();
    public string Label => new DateTime(Year, Month, 1).ToString("MMMM yyyy", CultureInfo.InvariantCulture);
}

/// <summary>
/// One purpose's retention and the records it keeps: how many records feeding it still hold content, and the first and
/// last day that content is due to be erased (when the longest retention among each record's purposes ends).
/// </summary>
public sealed record PurposeErasure(Purposes Purpose, int RetentionDays, int RecordsHeld, DateTime? EarliestErasure, DateTime? LatestErasure);

public sealed record HoldFact(string Reason, DateTime PlacedAt, DateTime? CapturedFrom, DateTime? CapturedBefore);

public sealed record SourceFigures(string Agent, string Device, int Records, DateTime First, DateTime Last);

public sealed record NamedCount(string Name, int Records);

public sealed record AccessSummary(AccessChannel Channel, int Times, DateTime Last);

/// <summary>
/// Everything one employee's disclosure states, read in one pass over the store: GDPR Art. 15(1)(a)–(h) and 15(2), and the
/// employee's own choices. Counts come from the same filter and the same eligibility rule as the employee's records page,
/// so the document and the page agree. It holds no record content.
/// </summary>
public sealed record EmployeeDisclosure
{
    public required Guid DocumentId { get; init; }
    public required DateTime IssuedAt { get; init; }
    public required DisclosureReader Reader { get; init; }
    public required string EmployeeId { get; init; }
    public required string Name { get; init; }
    public required IReadOnlyList<string> OrgUnitPath { get; init; }
    public required DisclosurePeriod Period { get; init; }

    /// <summary>The records in the period and their training status, as the records page counts them.</summary>
    public required RecordCounts Counts { get; init; }
    public DateTime? FirstCaptured { get; init; }
    public DateTime? LastCaptured { get; init; }

    public required IReadOnlyList<Purpose> Purposes { get; init; }
    public required IReadOnlyList<KindFigures> Kinds { get; init; }
    public required IReadOnlyList<MonthFigures> Months { get; init; }
    public required IReadOnlyList<PurposeErasure> Erasure { get; init; }
    public required IReadOnlyList<HoldFact> Holds { get; init; }
    public required IReadOnlyList<SourceFigures> Sources { get; init; }
    public required int SourceCount { get; init; }

    /// <summary>Active standing rules in words.</summary>
    public required IReadOnlyList<string> StandingRules { get; init; }
    public required bool OptedOut { get; init; }
    public required IReadOnlyDictionary<FlagReviewState, int> Flags { get; init; }

    public required int ExportedRecords { get; init; }
    public required int ExportBatches { get; init; }
    public required int RevokedRecords { get; init; }

    public required IReadOnlyList<AccessSummary> Accesses { get; init; }
    public required IReadOnlyList<AccessEntry> RecentAccesses { get; init; }

    /// <summary>The applications and sites the records were captured in: only in the employee's own copy.</summary>
    public required IReadOnlyList<NamedCount> Applications { get; init; }
    public required IReadOnlyList<NamedCount> Sites { get; init; }

    /// <summary>"J. W.": what verification shows of the subject.</summary>
    public static string Initials(string name) =>
        string.Join(" ", name.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => char.IsLetter(w[0]))
            .Select(w => char.ToUpperInvariant(w[0]) + "."));
}
