using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Transparency.Core.EventStore;

namespace Transparency.Core.Demo;

/// <summary>
/// Fills an empty store with a realistic, deterministic demo organisation: org units, employees
/// (the <see cref="DemoUsers"/> first), a month of capture records with content, and the decisions,
/// standing rules, flags, legal hold and access log entries that give the dashboard something to show.
/// </summary>
/// <remarks>
/// The same <see cref="DemoDataOptions"/> always produce the same store: every id and every piece of
/// content comes from one <see cref="Random"/> seeded with <see cref="DemoDataOptions.RandomSeed"/>.
/// Capture records bypass EF's change tracker (prepared inserts on SQLite, binary COPY on PostgreSQL)
/// so that millions of them can be generated with flat memory; everything is one transaction, so a
/// failed run leaves the store empty rather than half-filled.
/// </remarks>
public sealed class DemoDataGenerator(IDbContextFactory<TransparencyDbContext> contexts, TimeProvider clock)
{
    /// <summary>Generates the demo organisation into the store, which must be migrated, hold the processing register, and have no employees.</summary>
    /// <exception cref="InvalidOperationException">The store already holds employees, or lacks a purpose of the processing register.</exception>
    public async Task<DemoDataResult> GenerateAsync(DemoDataOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        var started = clock.GetTimestamp();
        var end = CaptureEnd(options);
        await using var db = await contexts.CreateDbContextAsync(ct);
        await EnsureReadyAsync(db, ct);

        var rng = new Random(options.RandomSeed);
        var plan = DemoPlan.Create(options, end, rng);

        await db.Database.OpenConnectionAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        db.OrgUnits.AddRange(plan.OrgUnits);
        db.Employees.AddRange(plan.People.Select(p => p.Employee));
        db.StandingRules.AddRange(plan.People.SelectMany(p => p.Rules.Select(r => r.Rule)));
        db.LegalHolds.AddRange(plan.People.SelectMany(p => p.Holds.Select(h => h.Hold)));
        await db.SaveChangesAsync(ct);

        DemoRecordStream stream;
        await using (var writer = BulkWriter.For(db))
        {
            stream = new DemoRecordStream(plan, rng, writer, options.RandomSeed);
            await stream.WriteAsync(ct);
            await writer.CompleteAsync(ct);
        }

        // Decisions whose counts are only known once the records exist: how many each rule reached when made.
        foreach (var person in plan.People)
        {
            foreach (var (rule, reach, reason) in person.Rules)
                db.Decisions.Add(new Decision
                {
                    EmployeeId = person.Id, Id = DemoIds.Next(rng), Kind = DecisionKind.Withhold, StandingRuleId = rule.Id,
                    Filter = RuleFilter(rule), RecordCount = reach.Count, Reason = reason,
                    ActorId = person.Id, ActorRole = ActorRole.Employee, At = rule.CreatedAt,
                });
            foreach (var (hold, reach) in person.Holds)
                db.Decisions.Add(new Decision
                {
                    EmployeeId = person.Id, Id = DemoIds.Next(rng), Kind = DecisionKind.LegalHold, LegalHoldId = hold.Id,
                    RecordCount = reach.Count, Reason = hold.Reason,
                    ActorId = DemoPlan.PrivacyOfficer, ActorRole = ActorRole.PrivacyOfficer, At = hold.PlacedAt,
                });
            foreach (var (entry, reach) in person.Accesses)
            {
                entry.RecordCount = reach.Count;
                db.AccessLog.Add(entry);
                // Every HR download of a disclosure about someone is also told to them in the app.
                if (entry.Channel == AccessChannel.HrDisclosureDownload)
                    db.Notices.Add(new Notice
                    {
                        EmployeeId = person.Id, Id = DemoIds.Next(rng), At = entry.At, Kind = NoticeKind.DisclosureDownloaded,
                        Text = $"HR downloaded a disclosure of your data ({entry.Why}).", Link = "/my/access",
                    });
            }
        }
        await db.SaveChangesAsync(ct);
        // The uses ingestion compares new records with: which kind has fed which purpose for whom, since when.
        foreach (var purpose in new[] { Purposes.OperationalTelemetry, Purposes.Product, Purposes.ModelTraining })
            await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO employee_uses (employee_id, kind, purpose, since)
                SELECT employee_id, kind, {(int)purpose}, MIN(captured_at) FROM capture_records WHERE (purposes & {(int)purpose}) <> 0 GROUP BY employee_id, kind
                """,
                ct);
        await transaction.CommitAsync(ct);

        return new DemoDataResult(plan.OrgUnits.Count, plan.People.Count, stream.Written, clock.GetElapsedTime(started));
    }

    /// <summary>The end of the capture period: <see cref="DemoDataOptions.Now"/>, or the current hour.</summary>
    public DateTime CaptureEnd(DemoDataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Now is { } now)
            return DemoIds.Milliseconds(now.Kind switch
            {
                DateTimeKind.Utc => now,
                DateTimeKind.Local => now.ToUniversalTime(),
                _ => DateTime.SpecifyKind(now, DateTimeKind.Utc),
            });
        var utc = clock.GetUtcNow().UtcDateTime;
        return new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerHour, DateTimeKind.Utc);
    }

    private static void Validate(DemoDataOptions options)
    {
        if (options.Employees < DemoUsers.All.Count)
            throw new ArgumentOutOfRangeException(nameof(options), options.Employees,
                $"Demo:Employees must be at least {DemoUsers.All.Count}, the demo users one can sign in as.");
        if (options.Employees > 99_999)
            throw new ArgumentOutOfRangeException(nameof(options), options.Employees, "Demo:Employees can be at most 99999 (ids E00001–E99999).");
        if (options.Days < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.Days, "Demo:Days must be at least 1.");
        if (options.Records < 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.Records, "Demo:Records cannot be negative.");
    }

    private static async Task EnsureReadyAsync(TransparencyDbContext db, CancellationToken ct)
    {
        var purposes = await db.Purposes.Select(p => p.Id).ToListAsync(ct);
        var missing = Enum.GetValues<Purposes>().Where(p => p != Purposes.None && !purposes.Contains(p)).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException(
                $"The processing register lacks {string.Join(", ", missing)}: the store initializer fills it before demo data is generated.");
        if (await db.Employees.AnyAsync(ct))
            throw new InvalidOperationException("The store already holds employees; demo data is generated only into an empty store.");
    }

    /// <summary>The rule's criteria as readable JSON, as a bulk decision carries its filter.</summary>
    private static string RuleFilter(StandingRule rule)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (rule.Kind is { } kind) json.WriteString("kind", kind.ToString());
            if (rule.Application is { } application) json.WriteString("application", application);
            if (rule.Site is { } site) json.WriteString("site", site);
            if (rule.CapturedFrom is { } from) json.WriteString("capturedFrom", from);
            if (rule.CapturedBefore is { } before) json.WriteString("capturedBefore", before);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
