using Microsoft.EntityFrameworkCore;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;

namespace Transparency.Core.Records;

/// <summary>One purpose a record feeds, with what the register says about it and until when the purpose may use the record.</summary>
public sealed record RecordPurpose(Purposes Purpose, string Name, string LegalBasis, string Recipients, int RetentionDays, bool Withholdable, DateTime UsedUntil);

/// <summary>One act in a record's history.</summary>
public sealed record RecordHistoryEntry(DateTime At, DecisionKind Kind, ActorRole ActorRole, string? Reason, int RecordCount, bool ByRule);

/// <summary>One access to a record (or to all of the employee's data, which includes it) by someone else.</summary>
public sealed record RecordAccess(DateTime At, AccessChannel Channel, ActorRole ActorRole, string ActorId, string? Why);

/// <summary>Everything the employee can know about one of their records.</summary>
/// <param name="DeletedBy">Who deleted it, for a deleted record's tombstone: the role of the deciding decision's actor.</param>
public sealed record RecordDetail(
    RecordRow Record,
    DateTime? ReceivedAt,
    string? DeviceId,
    string? SourceAgent,
    string? ContentJson,
    byte[]? Snapshot,
    string? SnapshotMediaType,
    IReadOnlyList<RecordPurpose> Purposes,
    DateTime ContentErasedOn,
    EligibilityExplanation Training,
    IReadOnlyList<StandingRule> WithholdingRules,
    IReadOnlyList<RecordHistoryEntry> History,
    IReadOnlyList<RecordAccess> Accesses,
    IReadOnlyList<string> LegalHolds,
    ActorRole? DeletedBy = null);

public sealed class RecordDetailService(IDbContextFactory<TransparencyDbContext> contexts, TimeProvider clock)
{
    /// <summary>One of the employee's own records; null when the employee has none with that id (another employee's id looks the same).</summary>
    public async Task<RecordDetail?> GetAsync(EmployeeId employee, Guid recordId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var eligibility = await TrainingEligibility.ForAsync(db, now, ct);
        var loaded = await EligibilityExplainer.LoadAsync(db, employee, recordId, eligibility, ct);
        if (loaded is null)
            return null;
        var (r, reasons, rules) = loaded.Value;
        var content = await db.CaptureContents.AsNoTracking()
            .Where(c => c.EmployeeId == employee.Value && c.RecordId == recordId)
            .SingleOrDefaultAsync(ct);

        var register = await db.Purposes.AsNoTracking().ToListAsync(ct);
        var purposes = r.Purposes.Each()
            .Select(p => register.FirstOrDefault(x => x.Id == p))
            .OfType<Purpose>()
            .Select(p => new RecordPurpose(p.Id, p.Name, p.LegalBasis, p.Recipients, p.RetentionDays, p.Withholdable, r.CapturedAt.AddDays(p.RetentionDays)))
            .ToList();
        // Content stays while any purpose still needs it (the purge's own schedule).
        var retention = new ContentRetention(register.ToDictionary(p => p.Id, p => p.RetentionDays), now);

        var touchedBy = db.DecisionRecords.Where(x => x.EmployeeId == employee.Value && x.RecordId == recordId).Select(x => x.DecisionId);
        var history = await db.DecisionsOf(employee).AsNoTracking()
            .Where(d => d.RecordId == recordId || touchedBy.Contains(d.Id))
            .OrderBy(d => d.At)
            .Select(d => new RecordHistoryEntry(d.At, d.Kind, d.ActorRole, d.Reason, d.RecordCount, false))
            .ToListAsync(ct);
        // Rules act without touching the record: show each rule that covers it from the day it was made.
        var ruleIds = rules.Select(s => s.Id).ToList();
        var ruleHistory = await db.DecisionsOf(employee).AsNoTracking()
            .Where(d => d.StandingRuleId != null && ruleIds.Contains(d.StandingRuleId.Value))
            .Select(d => new RecordHistoryEntry(d.At, d.Kind, d.ActorRole, d.Reason, d.RecordCount, true))
            .ToListAsync(ct);

        // The batch id is formatted here, not in SQL, so it reads the same on every store.
        var exports = (await db.ExportReceipts.AsNoTracking()
                .Where(x => x.EmployeeId == employee.Value && x.RecordId == recordId)
                .Select(x => new { x.ExportedAt, x.ExportBatchId })
                .ToListAsync(ct))
            .Select(x => new RecordAccess(x.ExportedAt, AccessChannel.TrainingExport, ActorRole.Service, x.ExportBatchId.ToString(), "Training export batch"))
            .ToList();
        // Disclosures and reviews read all of the employee's data held at the time, this record included. A tombstone
        // no longer knows when it arrived: from its capture on, which may name an access just before it arrived too.
        var heldFrom = r.ReceivedAt ?? r.CapturedAt;
        var wholeData = await db.AccessLogOf(employee).AsNoTracking()
            .Where(a => a.Channel != AccessChannel.TrainingExport && a.At >= heldFrom)
            .OrderByDescending(a => a.At)
            .Select(a => new RecordAccess(a.At, a.Channel, a.ActorRole, a.ActorId, a.Why))
            .ToListAsync(ct);

        var holds = await LegalHolds.Covering(db.LegalHoldsOf(employee), r).AsNoTracking()
            .Select(h => h.Reason)
            .ToListAsync(ct);

        var deletedBy = r.DeletedAt is null ? null : await db.DecisionsOf(employee)
            .Where(d => d.Id == r.LastDecisionId).Select(d => (ActorRole?)d.ActorRole).SingleOrDefaultAsync(ct);

        var record = new RecordRow(r.Id, r.CapturedAt, r.Kind, r.Application, r.Site, r.Summary, r.Purposes, r.Sensitivity, r.TrainingChoice,
            r.HasOpenFlag, r.DeletedAt, r.RedactedAt, r.PurgedAt, reasons);
        return new RecordDetail(record, r.ReceivedAt, r.DeviceId, r.SourceAgent, content?.Json, content?.Snapshot, content?.SnapshotMediaType,
            purposes, retention.ErasedOn(r.CapturedAt, r.Purposes), TrainingStatusExplanation.Explain(r, reasons, rules, eligibility.RetentionCutoff), rules,
            history.Concat(ruleHistory).OrderBy(h => h.At).ToList(),
            exports.Concat(wholeData).OrderByDescending(a => a.At).ToList(),
            holds, deletedBy);
    }
}
