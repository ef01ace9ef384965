using Microsoft.EntityFrameworkCore;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;

namespace Transparency.Core.Review;

public enum OfficerActKind
{
    /// <summary>Opened an employee's flagged records (an access-log entry).</summary>
    Review = 1,

    /// <summary>Answered a flag or placed or lifted a hold (a decision in the employee's history).</summary>
    Decision = 2,

    /// <summary>Opened or downloaded an aggregate report.</summary>
    Report = 3,

    /// <summary>Changed the processing register (a purpose, or the sensitive contexts).</summary>
    RegisterChange = 4,
}

/// <summary>
/// One thing a privacy officer did: when, who, what, about whom (null for a report, which is about no one) and the words
/// the officer gave, which are the words the employee reads.
/// </summary>
public sealed record OfficerAct(DateTime At, string ActorId, OfficerActKind Kind, string What, string? EmployeeId, string? EmployeeName, string? Detail, Guid Id);

/// <summary>
/// Where a page of the activity ends: the time of its last act, and how many acts of that very instant it has shown (acts of one
/// instant are ordered by kind and id, so the next page continues exactly after them).
/// </summary>
public sealed record ActivityCursor(DateTime At, int SeenAtThatTime);

/// <summary>A page of acts, and the cursor of the next page (null at the end of the list).</summary>
public sealed record OfficerActPage(IReadOnlyList<OfficerAct> Acts, ActivityCursor? Next);

/// <summary>
/// The privacy officers' own acts on one page, newest first: every review of an employee's data (access log), every
/// resolution and hold (decisions), every report opened. The employee sees the first two about themselves; this page lets
/// the organisation audit the officers themselves.
/// </summary>
public sealed class OfficerActivity(IDbContextFactory<TransparencyDbContext> contexts)
{
    public const int MaxPageSize = 100;

    /// <summary>
    /// At most <paramref name="take"/> acts, newest first, continuing after <paramref name="after"/> (null: from the newest);
    /// optionally one officer's. <see cref="OfficerActPage.Next"/> continues the list and is null at its end.
    /// </summary>
    public async Task<OfficerActPage> ListAsync(string? actorId, ActivityCursor? after, int take, CancellationToken ct = default)
    {
        take = Math.Clamp(take, 1, MaxPageSize);
        var until = after?.At ?? DateTime.MaxValue;
        var seen = after is null ? 0 : Math.Max(0, after.SeenAtThatTime);
        // Each source gives the newest acts up to the cursor's instant (inclusive), enough to skip those already shown at that
        // instant, fill the page and know whether one more exists.
        var wanted = seen + take + 1;
        var actor = string.IsNullOrWhiteSpace(actorId) ? null : actorId.Trim();
        await using var db = await contexts.CreateDbContextAsync(ct);

        var (all, complete) = await LoadAsync(db, actor, since: DateTime.MinValue, until, wanted, ct);
        var fresh = Unseen(all.Where(a => a.At > complete), after, seen);
        if (fresh.Count == 0 && complete != DateTime.MinValue)
        {
            // More acts share the next instant than a source gave: read that instant whole, so its order is the same each time,
            // and whether anything older follows it.
            var instant = complete;
            (all, _) = await LoadAsync(db, actor, instant, instant, int.MaxValue, ct);
            fresh = Unseen(all, after, seen);
            var older = await LoadAsync(db, actor, DateTime.MinValue, instant.AddTicks(-1), 1, ct);
            complete = older.Acts.Count > 0 ? instant : DateTime.MinValue;
        }
        var page = fresh.Take(take).ToList();
        if (page.Count == 0 || (fresh.Count <= take && complete == DateTime.MinValue))
            return new OfficerActPage(page, null);
        var last = page[^1].At;
        var seenAtLast = page.Count(a => a.At == last) + (after is not null && last == until ? seen : 0);
        return new OfficerActPage(page, new ActivityCursor(last, seenAtLast));
    }

    /// <summary>
    /// The officers' acts from <paramref name="since"/> to <paramref name="until"/> (both inclusive), newest first, at most
    /// <paramref name="limit"/> of each source, ordered by time, kind and id; and the latest instant up to which a source was cut
    /// off (acts at or before it may be missing; <see cref="DateTime.MinValue"/> when no source was).
    /// </summary>
    private static async Task<(List<OfficerAct> Acts, DateTime Complete)> LoadAsync(
        TransparencyDbContext db, string? actor, DateTime since, DateTime until, int limit, CancellationToken ct)
    {
        var decisions = await (
                from d in db.Decisions.AsNoTracking()
                where d.ActorRole == ActorRole.PrivacyOfficer && d.At >= since && d.At <= until && (actor == null || d.ActorId == actor)
                orderby d.At descending
                join e in db.Employees on d.EmployeeId equals e.Id
                select new { d.At, d.ActorId, d.Kind, d.RecordCount, d.Reason, d.EmployeeId, e.DisplayName, d.Id })
            .Take(limit).ToListAsync(ct);
        var reviews = await (
                from a in db.AccessLog.AsNoTracking()
                where a.ActorRole == ActorRole.PrivacyOfficer && a.At >= since && a.At <= until && (actor == null || a.ActorId == actor)
                orderby a.At descending
                join e in db.Employees on a.EmployeeId equals e.Id
                select new { a.At, a.ActorId, a.Channel, a.RecordCount, a.Why, a.EmployeeId, e.DisplayName, a.Id })
            .Take(limit).ToListAsync(ct);
        var reports = await db.ReportViews.AsNoTracking()
            .Where(v => v.ActorRole == ActorRole.PrivacyOfficer && v.At >= since && v.At <= until && (actor == null || v.ActorId == actor))
            .OrderByDescending(v => v.At)
            .Take(limit).ToListAsync(ct);
        // Only privacy officers change the register.
        var changes = await db.RegisterChanges.AsNoTracking()
            .Where(c => c.At >= since && c.At <= until && (actor == null || c.ChangedBy == actor))
            .OrderByDescending(c => c.At)
            .Take(limit).ToListAsync(ct);

        var complete = new[]
            {
                decisions.Select(d => d.At).ToList(), reviews.Select(a => a.At).ToList(), reports.Select(v => v.At).ToList(),
                changes.Select(c => c.At).ToList(),
            }
            .Where(times => times.Count == limit)
            .Select(times => times[^1])
            .DefaultIfEmpty(DateTime.MinValue)
            .Max();
        var acts = decisions.Select(d => new OfficerAct(d.At, d.ActorId, OfficerActKind.Decision, DecisionWords(d.Kind, d.RecordCount), d.EmployeeId, d.DisplayName, d.Reason, d.Id))
            .Concat(reviews.Select(a => new OfficerAct(a.At, a.ActorId, OfficerActKind.Review,
                $"{Words.Of(a.Channel)} of {a.RecordCount:N0} record{(a.RecordCount == 1 ? "" : "s")}", a.EmployeeId, a.DisplayName, a.Why, a.Id)))
            .Concat(reports.Select(v => new OfficerAct(v.At, v.ActorId, OfficerActKind.Report, $"Usage report ({v.Format})", null, null,
                (v.OrgUnitId is null ? "whole organisation" : v.OrgUnitId) + (v.Query.Length > 0 ? "; " + v.Query : ""), v.Id)))
            .Concat(changes.Select(c => new OfficerAct(c.At, c.ChangedBy, OfficerActKind.RegisterChange,
                c.Subject == RegisterSubject.Purpose ? "Changed a purpose" : "Changed the sensitive contexts", null, null, c.Summary, c.Id)))
            .OrderByDescending(a => a.At).ThenBy(a => a.Kind).ThenBy(a => a.Id)
            .ToList();
        return (acts, complete);
    }

    /// <summary>The acts, newest first, without the first <paramref name="seen"/> of the cursor's instant (shown on the page before).</summary>
    private static List<OfficerAct> Unseen(IEnumerable<OfficerAct> acts, ActivityCursor? after, int seen)
    {
        var skipped = 0;
        var fresh = new List<OfficerAct>();
        foreach (var act in acts)
        {
            if (after is not null && act.At == after.At && skipped < seen)
            {
                skipped++;
                continue;
            }
            fresh.Add(act);
        }
        return fresh;
    }

    private static string DecisionWords(DecisionKind kind, int records)
    {
        var n = $"{records:N0} record{(records == 1 ? "" : "s")}";
        return kind switch
        {
            DecisionKind.Redact => $"Upheld a flag: content of {n} erased",
            DecisionKind.Delete => $"Upheld a flag: {n} deleted",
            DecisionKind.Unflag => $"Dismissed a flag on {n}",
            DecisionKind.LegalHold => $"Placed a legal hold ({n} kept)",
            DecisionKind.LiftLegalHold => $"Lifted a legal hold ({n} released)",
            _ => $"{kind} on {n}",
        };
    }
}
