using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Transparency.Core.EventStore;
using Transparency.Core.Notices;
using Transparency.Core.Policies;

namespace Transparency.Core.Review;

/// <summary>
/// A hold the officer means to place: on all of the employee's records (no days), or on those captured from
/// <paramref name="From"/> to <paramref name="To"/> inclusive. The reason is what the employee reads; the reference is what
/// the hold answers to (a case number, a regulator's letter).
/// </summary>
public sealed record HoldRequest(DateOnly? From, DateOnly? To, string Reason, string Reference);

/// <summary>A legal hold as the officer's list shows it, with how many of the employee's records it keeps now.</summary>
public sealed record HoldListing(
    Guid Id, string EmployeeId, string EmployeeName, string OrgUnitName, DateTime? CapturedFrom, DateTime? CapturedBefore,
    string Reason, string? Reference, string PlacedBy, DateTime PlacedAt, string? LiftedBy, DateTime? LiftedAt, string? LiftReason,
    int RecordsKept);

public sealed record HoldPage(IReadOnlyList<HoldListing> Holds, int Total);

/// <summary>
/// The privacy officer's legal holds (DESIGN rule 3): a hold keeps an employee's records from deletion by anyone and from the
/// retention purge until it is lifted. Placing and lifting are each a decision in the employee's history and a notice to them
/// with the officer's reason; nothing about a hold is hidden from the employee it binds.
/// </summary>
public sealed class LegalHoldService(IDbContextFactory<TransparencyDbContext> contexts, TimeProvider clock)
{
    public const int MaxPageSize = 100;
    public const int MaxReasonLength = 2000;
    public const int MaxReferenceLength = 200;

    /// <summary>Holds, newest first: the active ones, or all of them with the lifted ones too.</summary>
    public async Task<HoldPage> ListAsync(bool includeLifted, int skip, int take, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var holds = db.LegalHolds.AsNoTracking().Where(h => includeLifted || h.LiftedAt == null);
        var total = await holds.CountAsync(ct);
        var page = await (
                from h in holds
                join e in db.Employees on h.EmployeeId equals e.Id
                orderby h.LiftedAt == null descending, h.PlacedAt descending, h.Id
                select new { Hold = h, e.DisplayName, OrgUnit = e.OrgUnit!.Name })
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, MaxPageSize))
            .ToListAsync(ct);
        var listings = new List<HoldListing>(page.Count);
        foreach (var x in page)
        {
            var h = x.Hold;
            var kept = h.LiftedAt is null ? await CoveredAsync(db, new EmployeeId(h.EmployeeId), h.CapturedFrom, h.CapturedBefore, ct) : 0;
            listings.Add(new HoldListing(h.Id, h.EmployeeId, x.DisplayName, x.OrgUnit, h.CapturedFrom, h.CapturedBefore, h.Reason, h.Reference,
                h.PlacedBy, h.PlacedAt, h.LiftedBy, h.LiftedAt, h.LiftReason, kept));
        }
        return new HoldPage(listings, total);
    }

    /// <summary>Places a hold, in one transaction with its decision in the employee's history and the employee's notice.</summary>
    /// <exception cref="ReviewRefusedException">No such employee, no reason or reference, text that cannot be kept, or days that are no period.</exception>
    public async Task<Guid> PlaceAsync(EmployeeId employee, HoldRequest request, string officerId, CancellationToken ct = default)
    {
        var reason = Text(request.Reason, MaxReasonLength, "Give a reason: the employee reads it wherever the hold stops a deletion.", "reason");
        var reference = Text(request.Reference, MaxReferenceLength, "Give a reference (a case or letter) the hold answers to.", "reference");
        if (request is { From: { } from, To: { } to } && to < from)
            throw new ReviewRefusedException("The period ends before it starts.");
        DateTime? capturedFrom = request.From is { } f ? f.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) : null;
        DateTime? capturedBefore = request.To is { } t && t != DateOnly.MaxValue ? t.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) : null;

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await db.Employees.AnyAsync(e => e.Id == employee.Value, ct))
            throw new ReviewRefusedException("There is no such employee.");
        var kept = await CoveredAsync(db, employee, capturedFrom, capturedBefore, ct);
        var hold = new LegalHold
        {
            EmployeeId = employee.Value, Id = Guid.CreateVersion7(now), Reason = reason, Reference = reference,
            CapturedFrom = capturedFrom, CapturedBefore = capturedBefore, PlacedBy = officerId, PlacedAt = now,
        };
        db.LegalHolds.Add(hold);
        db.Decisions.Add(new Decision
        {
            EmployeeId = employee.Value, Id = Guid.CreateVersion7(now), Kind = DecisionKind.LegalHold, LegalHoldId = hold.Id,
            RecordCount = kept, Reason = reason, ActorId = officerId, ActorRole = ActorRole.PrivacyOfficer, At = now,
        });
        db.Notices.Add(NoticeService.Create(employee.Value, now, NoticeKind.LegalHold,
            $"The privacy officer placed a legal hold on {Which(capturedFrom, capturedBefore)} ({kept:N0} now): they cannot be deleted, " +
            $"by you or by their retention, while it lasts. Your training choices still apply. Reason: {reason} (reference {reference})",
            "/my/records"));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return hold.Id;
    }

    /// <summary>
    /// Lifts a hold, in one transaction with its decision and the employee's notice. Records whose retention ran out while
    /// held are erased by the next retention run; deletion works again at once.
    /// </summary>
    /// <exception cref="ReviewRefusedException">No reason, no such hold, or a hold already lifted.</exception>
    public async Task LiftAsync(EmployeeId employee, Guid holdId, string liftReason, string officerId, CancellationToken ct = default)
    {
        var reason = Text(liftReason, MaxReasonLength, "Give a reason: the employee reads why the hold ended.", "reason");
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var hold = await db.LegalHoldsOf(employee).SingleOrDefaultAsync(h => h.Id == holdId, ct)
            ?? throw new ReviewRefusedException("There is no such legal hold.");
        if (hold.LiftedAt is { } lifted)
            throw new ReviewRefusedException($"This hold was already lifted on {lifted:yyyy-MM-dd}.");
        var released = await CoveredAsync(db, employee, hold.CapturedFrom, hold.CapturedBefore, ct);
        hold.LiftedAt = now;
        hold.LiftedBy = officerId;
        hold.LiftReason = reason;
        db.Decisions.Add(new Decision
        {
            EmployeeId = employee.Value, Id = Guid.CreateVersion7(now), Kind = DecisionKind.LiftLegalHold, LegalHoldId = hold.Id,
            RecordCount = released, Reason = reason, ActorId = officerId, ActorRole = ActorRole.PrivacyOfficer, At = now,
        });
        db.Notices.Add(NoticeService.Create(employee.Value, now, NoticeKind.LegalHold,
            $"The privacy officer lifted the legal hold on {Which(hold.CapturedFrom, hold.CapturedBefore)} (reference {hold.Reference ?? "none"}): " +
            $"you can delete them again, and those past their retention are erased at the next retention run. Reason: {reason}",
            "/my/records"));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>The employee's records a hold with these bounds keeps: those not yet deleted or purged.</summary>
    private static Task<int> CoveredAsync(TransparencyDbContext db, EmployeeId employee, DateTime? from, DateTime? before, CancellationToken ct) =>
        db.RecordsOf(employee).Where(Tombstone.IsNot)
            .Where(r => (from == null || r.CapturedAt >= from) && (before == null || r.CapturedAt < before))
            .CountAsync(ct);

    private static string Which(DateTime? from, DateTime? before) => (from, before) switch
    {
        (null, null) => "all your records",
        ({ } f, null) => $"your records captured from {f.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} on",
        (null, { } b) => $"your records captured up to {b.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}",
        ({ } f, { } b) => $"your records captured from {f.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} to {b.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}",
    };

    private static string Text(string? value, int max, string missing, string what)
    {
        if (PlainText.RefusalOf(value, max, what, missing) is { } refusal)
            throw new ReviewRefusedException(refusal);
        return value!.Trim();
    }
}
