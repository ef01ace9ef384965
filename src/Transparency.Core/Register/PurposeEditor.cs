using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Transparency.Core.EventStore;
using Transparency.Core.Notices;
using Transparency.Core.Policies;
using Transparency.Core.Rollups;

namespace Transparency.Core.Register;

/// <summary>A purpose as the privacy officer means it to read: its words, its retention and the capture kinds it takes.</summary>
public sealed record PurposeEdit(
    Purposes Purpose, string Name, string Description, string LegalBasis, string Recipients, int RetentionDays, IReadOnlyList<CaptureKind> Kinds);

/// <summary>What a change did: whether anything changed, how many employees were told, how many records stopped feeding it.</summary>
public sealed record PurposeChangeResult(bool Changed, string Summary, int EmployeesTold, int RecordsNoLongerFeeding);

/// <summary>One change to the register, as its public history shows it.</summary>
public sealed record RegisterHistoryEntry(DateTime At, RegisterSubject Subject, Purposes? Purpose, string Summary, string ChangedBy);

/// <summary>A change to the register that cannot be made, in words for the officer.</summary>
public sealed class RegisterRefusedException(string message) : Exception(message);

/// <summary>
/// The privacy officer's changes to the processing register's purposes. Every change is appended to the register's history
/// (who, when, before, after) in the transaction that makes it, and what it does to employees' data happens in that same
/// transaction: a kind a purpose no longer takes stops feeding it in every record of that kind (so training, exports and the
/// revocation feed follow the one eligibility rule at once), and each employee whose data a purpose starts or stops feeding
/// on is told. Whether a purpose may be withheld is not editable: withholding is what the product enforces for model
/// training, on consent, and for nothing else.
/// </summary>
public sealed class PurposeEditor(IDbContextFactory<TransparencyDbContext> contexts, ProcessingRegister register, TimeProvider clock)
{
    public const int MaxRetentionDays = 3650;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    /// <summary>Changes a purpose as <paramref name="edit"/> says; nothing is written when nothing differs.</summary>
    /// <exception cref="RegisterRefusedException">No such purpose, a text missing or too long or not plain text, or a retention out of range.</exception>
    public async Task<PurposeChangeResult> ChangeAsync(PurposeEdit edit, string officerId, CancellationToken ct = default)
    {
        var name = Text(edit.Name, 200, "name");
        var description = Text(edit.Description, 2000, "description");
        var legalBasis = Text(edit.LegalBasis, 500, "legal basis");
        var recipients = Text(edit.Recipients, 500, "recipients");
        if (edit.RetentionDays is < 1 or > MaxRetentionDays)
            throw new RegisterRefusedException($"The retention is a number of days from 1 to {MaxRetentionDays:N0}.");
        if (edit.Kinds.Any(k => !Enum.IsDefined(k)))
            throw new RegisterRefusedException("There is no such capture kind.");
        var mask = edit.Kinds.Aggregate(0, (m, k) => m | Purpose.MaskOf(k));

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var purpose = await db.Purposes.SingleOrDefaultAsync(p => p.Id == edit.Purpose, ct)
            ?? throw new RegisterRefusedException("There is no such purpose.");
        var before = Snapshot(purpose);
        var words = new List<string>();
        void Note(string what, string from, string to)
        {
            if (from != to)
                words.Add($"{what}: \"{from}\" → \"{to}\"");
        }
        Note("Name", purpose.Name, name);
        Note("Description", purpose.Description, description);
        Note("Legal basis", purpose.LegalBasis, legalBasis);
        Note("Recipients", purpose.Recipients, recipients);
        if (purpose.RetentionDays != edit.RetentionDays)
            words.Add($"Retention: {purpose.RetentionDays:N0} → {edit.RetentionDays:N0} days");
        var added = Enum.GetValues<CaptureKind>().Where(k => !purpose.Takes(k) && (mask & Purpose.MaskOf(k)) != 0).ToList();
        var removed = Enum.GetValues<CaptureKind>().Where(k => purpose.Takes(k) && (mask & Purpose.MaskOf(k)) == 0).ToList();
        if (added.Count > 0)
            words.Add("Now takes " + string.Join(", ", added.Select(Words.Of)).ToLowerInvariant());
        if (removed.Count > 0)
            words.Add("No longer takes " + string.Join(", ", removed.Select(Words.Of)).ToLowerInvariant());
        if (words.Count == 0)
            return new PurposeChangeResult(false, "Nothing changed.", 0, 0);

        (purpose.Name, purpose.Description, purpose.LegalBasis, purpose.Recipients, purpose.RetentionDays, purpose.KindMask) =
            (name, description, legalBasis, recipients, edit.RetentionDays, mask);
        var summary = $"{name}: " + string.Join("; ", words) + ".";
        db.RegisterChanges.Add(new RegisterChange
        {
            Id = Guid.CreateVersion7(now), At = now, ChangedBy = officerId, Subject = RegisterSubject.Purpose, Purpose = purpose.Id,
            Summary = summary.Length > 4000 ? summary[..3999] + "…" : summary, Before = before, After = Snapshot(purpose),
        });
        await db.SaveChangesAsync(ct);

        var told = new HashSet<string>(StringComparer.Ordinal);
        var stopped = 0;
        foreach (var kind in removed)
            stopped += await StopFeedingAsync(db, purpose, kind, now, told, ct);
        foreach (var kind in added)
            await TellStartAsync(db, purpose, kind, now, told, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (removed.Count > 0)
            register.Refresh();
        return new PurposeChangeResult(true, summary, told.Count, stopped);
    }

    /// <summary>
    /// Every record of <paramref name="kind"/> stops feeding the purpose: one set-based update, the rollups of each employee
    /// concerned marked, and each of them told. Their recorded uses of the kind for the purpose go, so that taking the kind
    /// again later tells them again.
    /// </summary>
    private static async Task<int> StopFeedingAsync(TransparencyDbContext db, Purpose purpose, CaptureKind kind, DateTime now, HashSet<string> told,
        CancellationToken ct)
    {
        var p = purpose.Id;
        var feeding = db.CaptureRecords.Where(r => r.Kind == kind && (r.Purposes & p) != 0);
        var spans = await feeding.GroupBy(r => r.EmployeeId)
            .Select(g => new { EmployeeId = g.Key, First = g.Min(r => r.CapturedAt), Last = g.Max(r => r.CapturedAt) })
            .ToListAsync(ct);
        var changed = await feeding.ExecuteUpdateAsync(s => s.SetProperty(r => r.Purposes, r => r.Purposes & ~p), ct);
        await db.EmployeeUses.Where(u => u.Kind == kind && u.Purpose == p).ExecuteDeleteAsync(ct);
        foreach (var span in spans)
        {
            await RollupMarks.MarkAsync(db, span.EmployeeId, span.First, span.Last, now, ct);
            told.Add(span.EmployeeId);
            db.Notices.Add(NoticeService.Create(span.EmployeeId, now, NoticeKind.NewPurposeOrKind,
                $"The processing register changed: {Words.Of(kind).ToLowerInvariant()} captured from you no longer feed {purpose.Name}, " +
                "including those already captured.", "/register"));
        }
        return changed;
    }

    /// <summary>
    /// Tells each employee with records of <paramref name="kind"/> that the purpose may now use what is captured of that kind
    /// from now on (records already held do not start feeding it).
    /// </summary>
    private static async Task TellStartAsync(TransparencyDbContext db, Purpose purpose, CaptureKind kind, DateTime now, HashSet<string> told,
        CancellationToken ct)
    {
        // Whoever holds a record of the kind, whatever it feeds now (a record that feeds nothing leaves no recorded use).
        var employees = await db.CaptureRecords.Where(r => r.Kind == kind).Where(Tombstone.IsNot).Select(r => r.EmployeeId).Distinct().ToListAsync(ct);
        foreach (var employee in employees)
        {
            told.Add(employee);
            db.Notices.Add(NoticeService.Create(employee, now, NoticeKind.NewPurposeOrKind,
                $"The processing register changed: {Words.Of(kind).ToLowerInvariant()} captured from you from now on may feed {purpose.Name} " +
                $"({purpose.LegalBasis}). Your choices and standing rules still apply.", "/register"));
        }
    }

    private static string Snapshot(Purpose p) => JsonSerializer.Serialize(new
    {
        p.Name, p.Description, p.LegalBasis, p.Recipients, p.RetentionDays, p.Withholdable, Kinds = p.Kinds.Select(k => k.ToString()).ToList(),
    }, Json);

    private static string Text(string? value, int max, string what)
    {
        if (PlainText.RefusalOf(value, max, what, $"The {what} cannot be empty.") is { } refusal)
            throw new RegisterRefusedException(refusal);
        return value!.Trim();
    }
}
