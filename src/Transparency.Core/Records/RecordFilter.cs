using Transparency.Core.EventStore;
using Transparency.Core.Policies;

namespace Transparency.Core.Records;

/// <summary>Which training status to show.</summary>
public enum TrainingStatusFilter
{
    Any = 0,

    /// <summary>May leave for training now.</summary>
    Eligible = 1,

    /// <summary>Withheld by the employee: by the record's own decision or by a standing rule. Deleted records count as deleted only.</summary>
    Withheld = 2,

    /// <summary>Flagged and waiting for review. Deleted records count as deleted only.</summary>
    Quarantined = 3,

    /// <summary>Not eligible for any reason.</summary>
    NotEligible = 4,
}

/// <summary>
/// A filter over one employee's records, as the records page, its counts and the bulk acts use it.
/// Empty members match everything. Serialisable, so bulk decisions can record the filter they applied.
/// </summary>
public sealed record RecordFilter
{
    public IReadOnlyList<CaptureKind> Kinds { get; init; } = [];

    /// <summary>Records feeding any of these purposes; <see cref="Purposes.None"/> for all.</summary>
    public Purposes Purposes { get; init; }

    public string? Application { get; init; }
    public string? Site { get; init; }

    /// <summary>First day (UTC) of capture to include.</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last day (UTC) of capture to include.</summary>
    public DateOnly? To { get; init; }

    public TrainingStatusFilter Training { get; init; }

    /// <summary>Only records with (true) or without (false) an open flag.</summary>
    public bool? Flagged { get; init; }

    /// <summary>Only deleted records, i.e. tombstones (true), or only records with content (false).</summary>
    public bool? Deleted { get; init; }

    /// <summary>Words to find in the record summaries (case-insensitive).</summary>
    public string? Text { get; init; }

    public static RecordFilter All { get; } = new();

    public bool IsEmpty => (Kinds.Count == 0 && Purposes == Purposes.None && Application is null && Site is null
        && From is null && To is null && Training == TrainingStatusFilter.Any && Flagged is null && Deleted is null && string.IsNullOrWhiteSpace(Text));

    /// <summary>Checks the filter before it reaches the store: a clear message for each problem.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (From is { } from && To is { } to && from > to)
            problems.Add($"The date range starts ({from:yyyy-MM-dd}) after it ends ({to:yyyy-MM-dd}).");
        if (Text is { Length: > 200 })
            problems.Add("The search text is longer than 200 characters.");
        foreach (var (text, what) in new[] { (Text, "search text"), (Application, "application"), (Site, "site") })
            if (text is not null && PlainText.Problem(text) is { } problem)
                problems.Add($"The {what} filter cannot be used as written. {problem}");
        if (Kinds.Any(k => !Enum.IsDefined(k)))
            problems.Add("The filter names a capture kind that does not exist.");
        return problems;
    }
}
