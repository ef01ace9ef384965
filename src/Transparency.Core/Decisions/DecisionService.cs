using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Transparency.Core.Rollups;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;

namespace Transparency.Core.Decisions;

/// <summary>
/// An employee's acts on their own records: withhold, release, delete, flag — on one record, a
/// selection or a filter — and undo of the last withhold or release. Each act is one transaction:
/// a set-based UPDATE of the records' state, one decision row with the count (and the filter), and
/// the decision's record list written set-based. It is durable when the method returns.
/// </summary>
public sealed class DecisionService(IDbContextFactory<TransparencyDbContext> contexts, TimeProvider clock, ErasureSweep erasure)
{
    private static readonly JsonSerializerOptions FilterJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
    };

    /// <summary>How many records an act would change (and, for delete, how many a legal hold keeps), for its confirmation.</summary>
    public async Task<ActPreview> PreviewAsync(EmployeeId employee, DecisionKind kind, ActTarget target, CancellationToken ct = default)
    {
        Refuse(target.Validate());
        await using var db = await contexts.CreateDbContextAsync(ct);
        var eligibility = await TrainingEligibility.ForAsync(db, Now, ct);
        var targeted = target.Query(db, employee, eligibility);
        var skipped = await SkippedAsync(kind, targeted, target.IsSingle, eligibility, ct);
        var total = await targeted.CountAsync(ct);
        var changing = Changing(db, kind, targeted, target.IsSingle, eligibility);
        var willChange = await changing.CountAsync(ct);
        if (kind != DecisionKind.Delete)
            return new ActPreview(total, willChange, 0, [], skipped);
        var (held, reasons) = await HeldAsync(db, employee, targeted, ct);
        return new ActPreview(total, willChange, held, reasons);
    }

    public Task<ActResult> WithholdAsync(EmployeeId employee, ActTarget target, CancellationToken ct = default) =>
        ActAsync(employee, DecisionKind.Withhold, target, flag: null, ct);

    /// <summary>
    /// Lifts withholds; on one record captured in a sensitive context, it is the employee's consent to train on it.
    /// A password-field record is never released: alone it is refused, in a selection or filter it is left out and counted.
    /// </summary>
    public Task<ActResult> ReleaseAsync(EmployeeId employee, ActTarget target, CancellationToken ct = default) =>
        ActAsync(employee, DecisionKind.Release, target, flag: null, ct);

    /// <summary>Erases the content of the targeted records for good; a tombstone stays. Records under a legal hold are kept and counted.</summary>
    public Task<ActResult> DeleteAsync(EmployeeId employee, ActTarget target, CancellationToken ct = default) =>
        ActAsync(employee, DecisionKind.Delete, target, flag: null, ct);

    /// <summary>Flags records for the privacy officer; they are quarantined from training at once.</summary>
    public async Task<ActResult> FlagAsync(EmployeeId employee, ActTarget target, FlagCategory category, string? note, CancellationToken ct = default)
    {
        if (!Enum.IsDefined(category))
            throw new ActRefusedException("Choose why you flag the record.");
        if (note is { Length: > 2000 })
            throw new ActRefusedException("The note is longer than 2,000 characters.");
        if (note is not null && PlainText.Problem(note) is { } notText)
            throw new ActRefusedException($"The note cannot be kept as written. {notText}");
        if (category == FlagCategory.Other && string.IsNullOrWhiteSpace(note))
            throw new ActRefusedException("Say in a note what is wrong when the reason is \"Other\".");
        return await ActAsync(employee, DecisionKind.Flag, target, new FlagDetails(category, note?.Trim()), ct);
    }

    /// <summary>
    /// Undoes a withhold or release: records it changed and that no later act touched return to their
    /// previous choice. Appended as the opposite decision, so the history shows both.
    /// </summary>
    public async Task<ActResult> UndoAsync(EmployeeId employee, Guid decisionId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var original = await db.DecisionsOf(employee).AsNoTracking().SingleOrDefaultAsync(d => d.Id == decisionId, ct)
            ?? throw new ActRefusedException("There is no such act of yours to undo.");
        var kind = original.Kind switch
        {
            DecisionKind.Withhold when original.StandingRuleId is null => DecisionKind.Release,
            DecisionKind.Release when original.StandingRuleId is null => DecisionKind.Withhold,
            _ => throw new ActRefusedException("Only withholding and releasing records can be undone."),
        };

        var now = Now;
        var undo = Guid.CreateVersion7(now);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.RecordsOf(employee)
            .Where(r => r.LastDecisionId == decisionId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.TrainingChoice, r => r.PreviousTrainingChoice)
                .SetProperty(r => r.PreviousTrainingChoice, r => r.TrainingChoice)
                .SetProperty(r => r.LastDecisionId, undo), ct);
        if (changed == 0)
            return ActResult.Nothing(kind);
        await AppendAsync(db, employee, undo, kind, now, changed, recordId: original.RecordId,
            filter: JsonSerializer.Serialize(new { undo = decisionId }, FilterJson), reason: "Undo", ct);
        await tx.CommitAsync(ct);
        return new ActResult(undo, kind, changed, 0, []);
    }

    private sealed record FlagDetails(FlagCategory Category, string? Note);

    private async Task<ActResult> ActAsync(EmployeeId employee, DecisionKind kind, ActTarget target, FlagDetails? flag, CancellationToken ct)
    {
        Refuse(target.Validate());
        var now = Now;
        var decisionId = Guid.CreateVersion7(now);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var eligibility = await TrainingEligibility.ForAsync(db, now, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);

        var targeted = target.Query(db, employee, eligibility);
        var skipped = await SkippedAsync(kind, targeted, target.IsSingle, eligibility, ct);
        var changing = Changing(db, kind, targeted, target.IsSingle, eligibility);
        var changed = kind switch
        {
            DecisionKind.Withhold => await changing.ExecuteUpdateAsync(s => s
                .SetProperty(r => r.PreviousTrainingChoice, r => r.TrainingChoice)
                .SetProperty(r => r.TrainingChoice, TrainingChoice.Withheld)
                .SetProperty(r => r.LastDecisionId, decisionId), ct),
            // A single sensitive record released by its employee is their explicit consent; otherwise release lifts a withhold.
            DecisionKind.Release => await changing.ExecuteUpdateAsync(s => s
                .SetProperty(r => r.PreviousTrainingChoice, r => r.TrainingChoice)
                .SetProperty(r => r.TrainingChoice, r => r.TrainingChoice == TrainingChoice.Withheld ? TrainingChoice.None : TrainingChoice.Released)
                .SetProperty(r => r.LastDecisionId, decisionId), ct),
            // The row becomes the tombstone: it keeps id, kind, capture time, and when and why (this decision).
            DecisionKind.Delete => await changing.ExecuteUpdateAsync(s => s
                .Erase()
                .SetProperty(r => r.DeletedAt, now)
                .SetProperty(r => r.LastDecisionId, decisionId), ct),
            DecisionKind.Flag => await changing.ExecuteUpdateAsync(s => s
                .SetProperty(r => r.HasOpenFlag, true)
                .SetProperty(r => r.LastDecisionId, decisionId), ct),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not an employee act."),
        };

        var (held, holdReasons) = kind == DecisionKind.Delete ? await HeldAsync(db, employee, targeted, ct) : (0, []);
        if (changed == 0)
            return ActResult.Nothing(kind, held, holdReasons) with { Skipped = skipped };

        if (kind == DecisionKind.Delete)
            // The record row stays as the tombstone.
            await ActRecords.EraseContentAsync(db, employee, decisionId, ct);

        var single = target.IsSingle ? target.RecordIds![0] : (Guid?)null;
        var filter = target.Filter is { } f ? JsonSerializer.Serialize(new { filter = f }, FilterJson)
            : target.IsSingle ? null
            : JsonSerializer.Serialize(new { selection = target.RecordIds!.Count }, FilterJson);
        await AppendAsync(db, employee, decisionId, kind, now, changed, single, filter, flag?.Note, ct);

        if (flag is not null)
        {
            db.Flags.Add(new Flag
            {
                EmployeeId = employee.Value, Id = Guid.CreateVersion7(now), DecisionId = decisionId, RecordId = single,
                RecordCount = changed, Category = flag.Category, Note = flag.Note, RaisedAt = now, ReviewState = FlagReviewState.Open,
            });
            // The works council's figures count a flag in the week it was raised, besides its records' weeks.
            await UsageWeeks.MarkAsync(db, employee.Value, now, now, now, ct);
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        if (kind == DecisionKind.Delete)
            await erasure.AfterErasureAsync();
        return new ActResult(decisionId, kind, changed, held, holdReasons, skipped);
    }

    public const string PasswordFieldRefusal =
        "This record was typed into a password field: it is never used for model training, so it cannot be released.";

    /// <summary>
    /// The targeted password-field records a release leaves out: none can be released (ADR 0003). Releasing one
    /// record of them is refused outright; a selection or filter goes ahead without them and says how many.
    /// </summary>
    private static async Task<int> SkippedAsync(DecisionKind kind, IQueryable<CaptureRecord> targeted, bool single, TrainingEligibility eligibility,
        CancellationToken ct)
    {
        if (kind != DecisionKind.Release)
            return 0;
        var skipped = await targeted.CountAsync(eligibility.Over(TrainingActs.LeftOutOfRelease), ct);
        if (single && skipped > 0)
            throw new ActRefusedException(PasswordFieldRefusal);
        return skipped;
    }

    /// <summary>
    /// The targeted records whose state the act changes: acts never rewrite what is already so, nor touch a tombstone.
    /// Which records a withhold or release changes is <see cref="TrainingActs"/>'s, the same the record page offers its act by.
    /// </summary>
    private static IQueryable<CaptureRecord> Changing(TransparencyDbContext db, DecisionKind kind, IQueryable<CaptureRecord> targeted, bool single,
        TrainingEligibility eligibility) => kind switch
    {
        DecisionKind.Withhold or DecisionKind.Release => targeted.Where(eligibility.Over(TrainingActs.Changes(kind, single))),
        DecisionKind.Delete => targeted.Where(Tombstone.IsNot).Where(LegalHolds.Free(db.LegalHolds)),
        DecisionKind.Flag => targeted.Where(Tombstone.IsNot),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not an employee act."),
    };

    private static async Task<(int Held, IReadOnlyList<string> Reasons)> HeldAsync(
        TransparencyDbContext db, EmployeeId employee, IQueryable<CaptureRecord> targeted, CancellationToken ct)
    {
        var undeleted = targeted.Where(Tombstone.IsNot);
        var held = await undeleted.Where(LegalHolds.Covers(db.LegalHolds)).CountAsync(ct);
        if (held == 0)
            return (0, []);
        // Only the holds that keep one of these records: another period's hold is not the employee's answer.
        var active = await db.LegalHoldsOf(employee).AsNoTracking().Where(h => h.LiftedAt == null).OrderBy(h => h.PlacedAt).ToListAsync(ct);
        var reasons = new List<string>();
        foreach (var hold in active)
            if (!reasons.Contains(hold.Reason) && await undeleted.Where(LegalHolds.Covers(db.LegalHolds.Where(h => h.Id == hold.Id))).AnyAsync(ct))
                reasons.Add(hold.Reason);
        return (held, reasons);
    }

    private static async Task AppendAsync(TransparencyDbContext db, EmployeeId employee, Guid decisionId, DecisionKind kind, DateTime at,
        int count, Guid? recordId, string? filter, string? reason, CancellationToken ct)
    {
        db.Decisions.Add(new Decision
        {
            EmployeeId = employee.Value, Id = decisionId, Kind = kind, RecordId = recordId, Filter = filter, RecordCount = count,
            Reason = reason, ActorId = employee.Value, ActorRole = ActorRole.Employee, At = at,
        });
        await db.SaveChangesAsync(ct);
        await ActRecords.ListAsync(db, employee, decisionId, ct);
        // The usage figures and the home summary for the days these records were captured on are now stale.
        await RollupMarks.MarkAsync(db, employee.Value, db.RecordsOf(employee).Where(r => r.LastDecisionId == decisionId), at, ct);
    }

    private static void Refuse(IReadOnlyList<string> problems)
    {
        if (problems.Count > 0)
            throw new ActRefusedException(string.Join(" ", problems));
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
