using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Transparency.Core.EventStore;

namespace Transparency.Core.Policies;

/// <summary>
/// DESIGN rule 3, retention: a record's content is kept while any purpose it feeds still needs it, and
/// erased once every one of them is past its retention. Each purpose's retention comes from the
/// processing register (<see cref="Purpose.RetentionDays"/>), so the register the employee reads is the
/// schedule the purge keeps.
/// </summary>
public sealed class ContentRetention
{
    private readonly DateTime _now;

    /// <param name="retentionDays">Each purpose's retention in days; every single purpose must be present.</param>
    /// <param name="now">The instant the schedule is evaluated at.</param>
    public ContentRetention(IReadOnlyDictionary<Purposes, int> retentionDays, DateTime now)
    {
        var missing = Enum.GetValues<Purposes>().Where(p => p != Purposes.None && !retentionDays.ContainsKey(p)).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException($"The processing register has no retention for {string.Join(", ", missing)}.");
        RetentionDays = retentionDays;
        _now = now;

        var record = Expression.Parameter(typeof(CaptureRecord), "r");
        var purposes = Expression.Property(record, nameof(CaptureRecord.Purposes));
        var capturedAt = Expression.Property(record, nameof(CaptureRecord.CapturedAt));
        IsExpired = Expression.Lambda<Func<CaptureRecord, bool>>(
            PurposeSets.Select(set => (Expression)Expression.AndAlso(
                    Expression.Equal(purposes, Expression.Constant(set)),
                    Expression.LessThan(capturedAt, Expression.Constant(CutoffFor(set)))))
                .Aggregate(Expression.OrElse),
            record);
    }

    /// <summary>Every set of purposes a record can feed, the empty set included.</summary>
    public static IReadOnlyList<Purposes> PurposeSets { get; } =
        Enumerable.Range(0, (int)(Purposes.OperationalTelemetry | Purposes.Product | Purposes.ModelTraining) + 1)
            .Select(i => (Purposes)i).ToList();

    public IReadOnlyDictionary<Purposes, int> RetentionDays { get; }

    /// <summary>
    /// Records feeding exactly this set of purposes and captured before the returned instant are past every
    /// purpose's retention. A record that feeds no purpose has no reason to be kept.
    /// </summary>
    public DateTime CutoffFor(Purposes set) => _now.AddDays(-LongestRetentionDays(set));

    /// <summary>True when every purpose the record feeds is past its retention. Use in <c>Where</c>.</summary>
    public Expression<Func<CaptureRecord, bool>> IsExpired { get; }

    /// <summary>The day a record's content is erased: when the longest retention among its purposes ends.</summary>
    public DateTime ErasedOn(DateTime capturedAt, Purposes purposes) => capturedAt.AddDays(LongestRetentionDays(purposes));

    /// <summary>Each purpose's retention in words for the purge log.</summary>
    public string Describe() =>
        string.Join(";", RetentionDays.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}d"));

    /// <summary>The schedule as of <paramref name="now"/>, with each purpose's retention read from the register.</summary>
    public static async Task<ContentRetention> ForAsync(TransparencyDbContext db, DateTime now, CancellationToken ct = default)
    {
        var days = await db.Purposes.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.RetentionDays, ct);
        return new ContentRetention(days, now);
    }

    private int LongestRetentionDays(Purposes set) => set.Each().Select(p => RetentionDays[p]).DefaultIfEmpty(0).Max();
}
