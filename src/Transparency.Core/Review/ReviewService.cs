using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Transparency.Core.AccessLog;
using Transparency.Core.Decisions;
using Transparency.Core.EventStore;
using Transparency.Core.Notices;
using Transparency.Core.Policies;
using Transparency.Core.Rollups;

namespace Transparency.Core.Review;

/// <summary>Which open flags the privacy officer's queue shows: each criterion left empty matches every flag.</summary>
public sealed record FlagQueueFilter(FlagCategory? Category = null, CaptureKind? Kind = null, int? OlderThanDays = null, string? OrgUnitId = null)
{
    public IReadOnlyList<string> Validate() =>
    [
        .. Category is { } c && !Enum.IsDefined(c) ? ["There is no such flag category."] : Array.Empty<string>(),
        .. Kind is { } k && !Enum.IsDefined(k) ? ["There is no such capture kind."] : Array.Empty<string>(),
        .. OlderThanDays is < 0 or > 3650 ? ["The age is a number of days from 0 to 3,650."] : Array.Empty<string>(),
    ];
}

/// <summary>
/// One open flag as the queue lists it: who raised it (their org unit, not their records), when, why, and for a flag on one
/// record its kind and application. No content: the officer opens a flag to see its records, and that read is logged.
/// </summary>
public sealed record QueuedFlag(
    Guid Id, string EmployeeId, string EmployeeName, string OrgUnitName, DateTime RaisedAt, FlagCategory Category, string? Note,
    int RecordCount, CaptureKind? Kind, string? Application);

public sealed record FlagQueuePage(IReadOnlyList<QueuedFlag> Flags, int Total);

/// <summary>How the privacy officer answers a flag.</summary>
public enum FlagOutcome
{
    /// <summary>Upheld: the records' content is erased; what was captured when, of which kind, for which purposes stays.</summary>
    Redact = 1,

    /// <summary>Upheld: the records are deleted; a tombstone stays.</summary>
    Delete = 2,

    /// <summary>Not upheld: the quarantine ends, unless another open flag still holds a record.</summary>
    Dismiss = 3,
}

/// <summary>A flag answered: how, and how many of its records the answer changed.</summary>
public sealed record FlagResolution(Guid FlagId, FlagOutcome Outcome, int RecordsChanged);

/// <summary>One of a flag's records as the officer's case lists it.</summary>
public sealed record FlaggedRecord(Guid Id, DateTime CapturedAt, CaptureKind Kind, string? Application, string? Site, bool Erased);

/// <summary>
/// A flag opened by the officer: the flag, its records (the first <see cref="ReviewService.MaxCaseRecords"/>), and one of them
/// as the employee's own record page shows it (content, purposes, training status, history, holds).
/// </summary>
public sealed record FlagCase(
    QueuedFlag Flag, FlagReviewState State, DateTime? ResolvedAt, string? Resolution, IReadOnlyList<FlaggedRecord> Records,
    Records.RecordDetail? Record);

/// <summary>Open flags on one record each, of one kind and application: what a bulk resolution takes together.</summary>
public sealed record FlagGroup(CaptureKind Kind, string? Application, int Count);

/// <summary>One open flag, named by its employee and id.</summary>
public sealed record FlagRef(string EmployeeId, Guid FlagId);

/// <summary>A bulk resolution: which flags were answered, and which were not and why.</summary>
public sealed record BulkResolution(int Resolved, int RecordsChanged, IReadOnlyList<(FlagRef Flag, string Why)> Refused);

/// <summary>An officer's act the store cannot carry out, in words for the officer.</summary>
public sealed class ReviewRefusedException(string message) : Exception(message);

/// <summary>The privacy officer's review of employees' flags.</summary>
public sealed class ReviewService(
    IDbContextFactory<TransparencyDbContext> contexts, ErasureSweep erasure, Records.RecordDetailService details, TimeProvider clock)
{
    public const int MaxPageSize = 100;
    public const int MaxCaseRecords = 200;
    public const int MaxBulk = 500;

    /// <summary>
    /// Open flags, oldest first (the order they are owed an answer in), a page at a time. A flag's kind is its record's; a flag
    /// on several records has none, and a kind filter leaves it out. The org unit filter takes the unit and every unit below it.
    /// </summary>
    /// <exception cref="ArgumentException">The filter names no category, kind or age that exists.</exception>
    public async Task<FlagQueuePage> QueueAsync(FlagQueueFilter filter, int skip, int take, CancellationToken ct = default)
    {
        if (filter.Validate() is { Count: > 0 } problems)
            throw new ArgumentException(string.Join(" ", problems), nameof(filter));
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows =
            from f in db.Flags.AsNoTracking()
            where f.ReviewState == FlagReviewState.Open
            join e in db.Employees on f.EmployeeId equals e.Id
            from r in db.CaptureRecords.Where(r => r.EmployeeId == f.EmployeeId && r.Id == f.RecordId).DefaultIfEmpty()
            select new { Flag = f, Employee = e.DisplayName, e.OrgUnitId, OrgUnit = e.OrgUnit!.Name, Kind = (CaptureKind?)r.Kind, Application = r.Application };
        if (filter.Category is { } category)
            rows = rows.Where(x => x.Flag.Category == category);
        if (filter.Kind is { } kind)
            rows = rows.Where(x => x.Kind == kind);
        if (filter.OlderThanDays is { } days)
        {
            var before = clock.GetUtcNow().UtcDateTime.AddDays(-days);
            rows = rows.Where(x => x.Flag.RaisedAt < before);
        }
        if (filter.OrgUnitId is { } unit)
        {
            var units = await SubtreeAsync(db, unit, ct);
            rows = rows.Where(x => units.Contains(x.OrgUnitId));
        }

        var total = await rows.CountAsync(ct);
        var page = await rows.OrderBy(x => x.Flag.RaisedAt).ThenBy(x => x.Flag.Id)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, MaxPageSize))
            .ToListAsync(ct);
        return new FlagQueuePage(
            page.Select(x => new QueuedFlag(x.Flag.Id, x.Flag.EmployeeId, x.Employee, x.OrgUnit, x.Flag.RaisedAt, x.Flag.Category, x.Flag.Note,
                x.Flag.RecordCount, x.Kind, x.Application)).ToList(),
            total);
    }

    /// <summary>
    /// Answers an open flag, in one transaction: the records' state (erased when upheld; released from quarantine when dismissed
    /// and no other open flag holds them), the officer's decision in the employee's history, the flag's outcome and reason, the
    /// employee's notice, and the rollups marked. Upheld records are never eligible again (redacted or deleted, as the rule says).
    /// </summary>
    /// <exception cref="ReviewRefusedException">No reason, no such open flag, or an upheld flag whose records a legal hold keeps.</exception>
    public async Task<FlagResolution> ResolveAsync(EmployeeId employee, Guid flagId, FlagOutcome outcome, string reason, string officerId,
        CancellationToken ct = default)
    {
        reason = CheckedReason(outcome, reason);
        var now = clock.GetUtcNow().UtcDateTime;
        var decisionId = Guid.CreateVersion7(now);
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var flag = await db.FlagsOf(employee).SingleOrDefaultAsync(f => f.Id == flagId, ct)
            ?? throw new ReviewRefusedException("There is no such flag.");
        if (flag.ReviewState != FlagReviewState.Open)
            throw new ReviewRefusedException($"This flag was already {(flag.ReviewState == FlagReviewState.Upheld ? "upheld" : "dismissed")} on {flag.ResolvedAt:yyyy-MM-dd}.");

        var flagged = RecordsOf(db, employee, flag);
        // Another open flag of the employee's that covers the same record keeps it in quarantine.
        var otherFlagId = flag.Id;
        Expression<Func<CaptureRecord, bool>> stillFlagged = r => db.Flags.Any(o =>
            o.EmployeeId == r.EmployeeId && o.ReviewState == FlagReviewState.Open && o.Id != otherFlagId
            && (o.RecordId == r.Id || db.DecisionRecords.Any(d => d.EmployeeId == o.EmployeeId && d.DecisionId == o.DecisionId && d.RecordId == r.Id)));
        if (outcome != FlagOutcome.Dismiss)
        {
            var held = await flagged.Where(Tombstone.IsNot).Where(LegalHolds.Covers(db.LegalHolds)).CountAsync(ct);
            if (held > 0)
                throw new ReviewRefusedException($"{held} of the flagged records are under a legal hold and cannot be erased while it lasts. " +
                                                 "Dismiss the flag, or lift the hold first.");
        }

        var changing = flagged.Where(Tombstone.IsNot);
        var changed = outcome switch
        {
            FlagOutcome.Redact => await changing.ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Summary, (string?)null)
                .SetProperty(r => r.IngestHash, (string?)null)
                .SetProperty(r => r.RedactedAt, r => r.RedactedAt ?? now)
                .SetProperty(r => r.HasOpenFlag, stillFlagged)
                .SetProperty(r => r.LastDecisionId, decisionId), ct),
            FlagOutcome.Delete => await changing.ExecuteUpdateAsync(s => s
                .Erase()
                .SetProperty(r => r.DeletedAt, now)
                .SetProperty(r => r.LastDecisionId, decisionId), ct),
            _ => await changing.Where(r => r.HasOpenFlag).Where(Not(stillFlagged)).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.HasOpenFlag, false)
                .SetProperty(r => r.LastDecisionId, decisionId), ct),
        };
        if (outcome != FlagOutcome.Dismiss)
            // Upheld means the content is gone: the content row goes, the record row keeps what the outcome keeps.
            await ActRecords.EraseContentAsync(db, employee, decisionId, ct);

        db.Decisions.Add(new Decision
        {
            EmployeeId = employee.Value, Id = decisionId, RecordId = flag.RecordId, RecordCount = changed, Reason = reason,
            Kind = outcome switch { FlagOutcome.Redact => DecisionKind.Redact, FlagOutcome.Delete => DecisionKind.Delete, _ => DecisionKind.Unflag },
            Filter = $$"""{"flag":"{{flag.Id}}"}""", ActorId = officerId, ActorRole = ActorRole.PrivacyOfficer, At = now,
        });
        flag.ReviewState = outcome == FlagOutcome.Dismiss ? FlagReviewState.Dismissed : FlagReviewState.Upheld;
        flag.ResolvedAt = now;
        flag.ResolvedBy = officerId;
        flag.Resolution = reason;
        db.Notices.Add(NoticeService.Create(employee.Value, now, NoticeKind.FlagResolved, NoticeText(flag, outcome, reason),
            flag.RecordId is { } one ? $"/my/records/{one}" : "/my/records"));
        await db.SaveChangesAsync(ct);
        await ActRecords.ListAsync(db, employee, decisionId, ct);
        await RollupMarks.MarkAsync(db, employee.Value, db.RecordsOf(employee).Where(r => r.LastDecisionId == decisionId), now, ct);
        // The works council counts a flag by its outcome in the week it was raised.
        await UsageWeeks.MarkAsync(db, employee.Value, flag.RaisedAt, flag.RaisedAt, now, ct);
        await tx.CommitAsync(ct);
        if (outcome != FlagOutcome.Dismiss && changed > 0)
            await erasure.AfterErasureAsync();
        return new FlagResolution(flag.Id, outcome, changed);
    }

    /// <summary>
    /// Opens a flag for review: its records and one of them in full (<paramref name="recordId"/>, or the first). The read is
    /// written to the employee's access log and committed before anything is read, so no look at their data goes unlogged;
    /// each opening is one entry. Null when the employee has no such flag, or the record is not one of the flag's.
    /// </summary>
    public async Task<FlagCase?> OpenAsync(EmployeeId employee, Guid flagId, string officerId, Guid? recordId = null, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var found = await (
                from f in db.FlagsOf(employee).AsNoTracking()
                where f.Id == flagId
                join e in db.Employees on f.EmployeeId equals e.Id
                select new { Flag = f, e.DisplayName, OrgUnit = e.OrgUnit!.Name })
            .SingleOrDefaultAsync(ct);
        if (found is null)
            return null;
        var flag = found.Flag;
        var inFlag = RecordsOf(db, employee, flag).AsNoTracking();
        var shown = recordId ?? flag.RecordId ?? await inFlag.OrderBy(r => r.CapturedAt).ThenBy(r => r.Id).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct);
        if (recordId is { } asked && !await inFlag.AnyAsync(r => r.Id == asked, ct))
            return null;

        AccessLogService.Append(db, employee, new AccessRecord(officerId, ActorRole.PrivacyOfficer, AccessChannel.PrivacyOfficerReview,
            $"Privacy officer reviewing your flag of {flag.RaisedAt:yyyy-MM-dd} ({Words.Of(flag.Category)})", flag.RecordCount),
            clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);

        var records = await inFlag.OrderBy(r => r.CapturedAt).ThenBy(r => r.Id).Take(MaxCaseRecords)
            .Select(r => new FlaggedRecord(r.Id, r.CapturedAt, r.Kind, r.Application, r.Site, r.DeletedAt != null || r.PurgedAt != null || r.RedactedAt != null))
            .ToListAsync(ct);
        var one = records.FirstOrDefault(r => r.Id == flag.RecordId);
        var queued = new QueuedFlag(flag.Id, flag.EmployeeId, found.DisplayName, found.OrgUnit, flag.RaisedAt, flag.Category, flag.Note, flag.RecordCount,
            one?.Kind, one?.Application);
        var detail = shown is { } id ? await details.GetAsync(employee, id, ct) : null;
        return new FlagCase(queued, flag.ReviewState, flag.ResolvedAt, flag.Resolution, records, detail);
    }

    /// <summary>
    /// Open flags on one record each, grouped by the record's kind and application, largest group first: the groups a bulk
    /// resolution can take.
    /// </summary>
    public async Task<IReadOnlyList<FlagGroup>> GroupsAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var groups = await (
                from f in db.Flags.AsNoTracking()
                where f.ReviewState == FlagReviewState.Open && f.RecordId != null
                join r in db.CaptureRecords on new { f.EmployeeId, Id = f.RecordId!.Value } equals new { r.EmployeeId, r.Id }
                group f by new { r.Kind, r.Application } into g
                select new { g.Key.Kind, g.Key.Application, Count = g.Count() })
            .ToListAsync(ct);
        return groups.Select(g => new FlagGroup(g.Kind, g.Application, g.Count))
            .OrderByDescending(g => g.Count).ThenBy(g => g.Kind).ThenBy(g => g.Application, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The open flags of one group (<see cref="GroupsAsync"/>), oldest first, at most <see cref="MaxBulk"/>: what the officer
    /// confirms before a bulk resolution, and exactly what it then resolves.
    /// </summary>
    public async Task<IReadOnlyList<FlagRef>> GroupFlagsAsync(CaptureKind kind, string? application, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await (
                from f in db.Flags.AsNoTracking()
                where f.ReviewState == FlagReviewState.Open && f.RecordId != null
                join r in db.CaptureRecords on new { f.EmployeeId, Id = f.RecordId!.Value } equals new { r.EmployeeId, r.Id }
                where r.Kind == kind && r.Application == application
                orderby f.RaisedAt, f.Id
                select new FlagRef(f.EmployeeId, f.Id))
            .Take(MaxBulk)
            .ToListAsync(ct);
    }

    /// <summary>
    /// Answers the given flags the same way with the same reason, each in its own transaction as <see cref="ResolveAsync"/> does
    /// (each employee is told of their own). A flag that cannot be answered (resolved meanwhile, under a legal hold) is left
    /// open and reported; the others are not held back by it.
    /// </summary>
    /// <exception cref="ReviewRefusedException">No flags, more than <see cref="MaxBulk"/>, or a reason that cannot be kept.</exception>
    public async Task<BulkResolution> ResolveManyAsync(IReadOnlyList<FlagRef> flags, FlagOutcome outcome, string reason, string officerId,
        CancellationToken ct = default)
    {
        if (flags.Count == 0)
            throw new ReviewRefusedException("There are no flags to resolve.");
        if (flags.Count > MaxBulk)
            throw new ReviewRefusedException($"At most {MaxBulk:N0} flags are resolved together.");
        CheckedReason(outcome, reason);
        var resolved = 0;
        var changed = 0;
        var refused = new List<(FlagRef, string)>();
        foreach (var flag in flags.Distinct())
        {
            try
            {
                var done = await ResolveAsync(new EmployeeId(flag.EmployeeId), flag.FlagId, outcome, reason, officerId, ct);
                resolved++;
                changed += done.RecordsChanged;
            }
            catch (ReviewRefusedException refusal)
            {
                refused.Add((flag, refusal.Message));
            }
        }
        return new BulkResolution(resolved, changed, refused);
    }

    /// <summary>The reason as kept, or the refusal the officer corrects before any flag is touched.</summary>
    private static string CheckedReason(FlagOutcome outcome, string reason)
    {
        if (!Enum.IsDefined(outcome))
            throw new ReviewRefusedException("Choose whether the flag is upheld (redact or delete) or dismissed.");
        if (string.IsNullOrWhiteSpace(reason))
            throw new ReviewRefusedException("Give a reason: the employee reads it in the notice about their flag.");
        if (reason.Length > 2000)
            throw new ReviewRefusedException("The reason is longer than 2,000 characters.");
        if (PlainText.Problem(reason) is { } notText)
            throw new ReviewRefusedException($"The reason cannot be kept as written. {notText}");
        return reason.Trim();
    }

    private static string NoticeText(Flag flag, FlagOutcome outcome, string reason)
    {
        var one = flag.RecordCount == 1;
        var which = one ? "the record you flagged" : $"the {flag.RecordCount:N0} records you flagged";
        return outcome switch
        {
            FlagOutcome.Redact => $"The privacy officer upheld your flag: the content of {which} was erased; when and what kind was captured stays. Reason: {reason}",
            FlagOutcome.Delete => $"The privacy officer upheld your flag: {which} {(one ? "was" : "were")} deleted; only a tombstone stays. Reason: {reason}",
            _ => $"The privacy officer dismissed your flag on {which}: {(one ? "it is" : "they are")} no longer quarantined from training, unless something else withholds {(one ? "it" : "them")}. Reason: {reason}",
        };
    }

    /// <summary>
    /// The records a flag covers: its own record, when it names one (the demo's flags name it only there), and those its
    /// decision lists in <c>decision_records</c>.
    /// </summary>
    private static IQueryable<CaptureRecord> RecordsOf(TransparencyDbContext db, EmployeeId employee, Flag flag)
    {
        var (single, decision) = (flag.RecordId, flag.DecisionId);
        return db.RecordsOf(employee)
            .Where(r => r.Id == single || db.DecisionRecords.Any(d => d.EmployeeId == r.EmployeeId && d.DecisionId == decision && d.RecordId == r.Id));
    }

    private static Expression<Func<CaptureRecord, bool>> Not(Expression<Func<CaptureRecord, bool>> test) =>
        Expression.Lambda<Func<CaptureRecord, bool>>(Expression.Not(test.Body), test.Parameters);

    private static async Task<List<string>> SubtreeAsync(TransparencyDbContext db, string unit, CancellationToken ct)
    {
        var all = await db.OrgUnits.AsNoTracking().Select(u => new { u.Id, u.ParentId }).ToListAsync(ct);
        var found = new List<string> { unit };
        for (var i = 0; i < found.Count; i++)
            found.AddRange(all.Where(u => u.ParentId == found[i]).Select(u => u.Id));
        return found;
    }
}
