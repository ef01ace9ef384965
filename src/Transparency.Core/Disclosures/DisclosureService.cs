using System.Data;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Transparency.Core.AccessLog;
using Transparency.Core.EventStore;
using Transparency.Core.Notices;
using Transparency.Core.Policies;
using Transparency.Core.Records;
using Transparency.Core.Reports;
using Transparency.Core.Rollups;

namespace Transparency.Core.Disclosures;

/// <summary>
/// Issues disclosures: one employee's (GDPR Art. 15) and the organisation's. Each file gets a document id, its SHA-256 is
/// recorded before it is handed out, and a download by anyone but the employee is written to their access log and told to
/// them in the same transaction: a disclosure whose logging failed is not served.
/// </summary>
public sealed class DisclosureService(
    IDbContextFactory<TransparencyDbContext> contexts, DisclosureOptions options, UsageReportService reports, TimeProvider clock)
{
    /// <summary>How many sources, applications and sites a disclosure lists by name; the rest are counted.</summary>
    public const int ListedNames = 20;

    /// <summary>The largest file verification reads: a disclosure is a few hundred kilobytes.</summary>
    public const int MaxVerifiedBytes = 20 * 1024 * 1024;

    /// <summary>How many of the latest accesses a disclosure lists one by one.</summary>
    public const int ListedAccesses = 15;

    /// <summary>
    /// The employee's disclosure for the period, or null when there is no such employee. HR must give a reason, which the
    /// employee reads on their access page and in the notice.
    /// </summary>
    /// <exception cref="ArgumentException">The period ends before it starts, or HR gave no reason.</exception>
    public async Task<IssuedFile?> IssueAsync(EmployeeId employee, DisclosurePeriod period, DisclosureReader reader, string verifyAt,
        CancellationToken ct = default)
    {
        if (period.Problem is { } problem)
            throw new ArgumentException(problem, nameof(period));
        if (!reader.IsSubject && string.IsNullOrWhiteSpace(reader.Why))
            throw new ArgumentException("Say why the disclosure is downloaded: the employee reads the reason on their access page.", nameof(reader));
        if (reader.Why is { } reason && PlainText.Problem(reason) is { } notText)
            throw new ArgumentException($"The reason cannot be kept as written. {notText}", nameof(reader));
        var now = Milliseconds(clock.GetUtcNow().UtcDateTime);
        var disclosure = await ReadAsync(employee, period, reader, now, ct);
        if (disclosure is null)
            return null;

        var content = EmployeeDisclosurePdf.Write(disclosure, options, verifyAt);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.IssuedDisclosures.Add(new IssuedDisclosure
        {
            Id = disclosure.DocumentId, Kind = DisclosureKind.Employee, EmployeeId = employee.Value, IssuedAt = now,
            IssuedTo = reader.ActorId, IssuedToRole = reader.Role, PeriodFrom = period.From, PeriodTo = period.To,
            SubjectInitials = EmployeeDisclosure.Initials(disclosure.Name), SubjectOrgUnit = disclosure.OrgUnitPath[^1],
            Sha256 = sha256, Bytes = content.Length,
        });
        if (reader.IsSubject)
        {
            // Nobody else read it: a right used, which the works council's figures count, and no access-log entry.
            db.OwnDownloads.Add(new OwnDownload { EmployeeId = employee.Value, Id = Guid.CreateVersion7(now), At = now, Kind = OwnDownloadKind.Disclosure });
            await db.SaveChangesAsync(ct);
            await UsageWeeks.MarkAsync(db, employee.Value, now, now, now, ct);
        }
        else
        {
            var why = reader.Why!.Trim();
            AccessLogService.Append(db, employee,
                new AccessRecord(reader.ActorId, reader.Role, AccessChannel.HrDisclosureDownload, why, disclosure.Counts.Total), now);
            db.Notices.Add(NoticeService.Create(employee.Value, now, NoticeKind.DisclosureDownloaded,
                $"HR downloaded a disclosure of your data ({why}).", "/my/access"));
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return new IssuedFile(disclosure.DocumentId, FileName(employee.Value, now), content, sha256);
    }

    /// <summary>
    /// The organisation-wide disclosure: the processing register and the last twelve months' aggregate figures, under exactly
    /// the works council's suppression rules (it is that report). It names nobody, so it is logged as a report view.
    /// </summary>
    public async Task<IssuedFile> IssueOrganisationAsync(DisclosureReader reader, string verifyAt, CancellationToken ct = default)
    {
        var now = Milliseconds(clock.GetUtcNow().UtcDateTime);
        var lastMonth = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(-1);
        var firstMonth = lastMonth.AddMonths(-11);
        var period = ReportPeriod.Months(firstMonth.Year, firstMonth.Month, lastMonth.Year, lastMonth.Month);
        var report = await reports.ReportAsync(new UsageQuery(null, period, null), new ReportViewer(reader.ActorId, reader.Role, ReportFormat.Pdf), ct)
            ?? throw new InvalidOperationException("The organisation has no org units.");
        await using var db = await contexts.CreateDbContextAsync(ct);
        var purposes = await db.Purposes.AsNoTracking().OrderBy(p => p.Id).ToListAsync(ct);
        var documentId = Guid.CreateVersion7(now);
        var content = OrganisationDisclosurePdf.Write(documentId, now, purposes, report, options, verifyAt);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        db.IssuedDisclosures.Add(new IssuedDisclosure
        {
            Id = documentId, Kind = DisclosureKind.Organisation, IssuedAt = now, IssuedTo = reader.ActorId, IssuedToRole = reader.Role,
            SubjectInitials = "", SubjectOrgUnit = report.Unit.Name, Sha256 = sha256, Bytes = content.Length,
        });
        await db.SaveChangesAsync(ct);
        return new IssuedFile(documentId, $"transparency-organisation-disclosure-{now:yyyyMMdd-HHmm}.pdf", content, sha256);
    }

    public static string FileName(string employeeId, DateTime at) => $"transparency-disclosure-{employeeId}-{at:yyyyMMdd-HHmm}.pdf";

    /// <summary>Whether a file is a disclosure issued here, unaltered: found by its SHA-256, and nothing else read from it.</summary>
    public async Task<Verification> VerifyAsync(ReadOnlyMemory<byte> file, CancellationToken ct = default)
    {
        if (!file.Span.StartsWith("%PDF-"u8))
            return new Verification(VerificationOutcome.NotPdf);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(file.Span));
        await using var db = await contexts.CreateDbContextAsync(ct);
        var issued = await db.IssuedDisclosures.AsNoTracking().SingleOrDefaultAsync(d => d.Sha256 == sha256, ct);
        if (issued is not null)
            return new Verification(VerificationOutcome.Issued, issued.Id, issued.Kind, issued.IssuedAt, issued.SubjectInitials, issued.SubjectOrgUnit);
        // A file that names one of ours but hashes differently was changed after it was issued.
        if (DisclosureDocument.ReadDocumentId(file.Span) is { } id
            && await db.IssuedDisclosures.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, ct) is { } claimed)
            return new Verification(VerificationOutcome.Altered, claimed.Id, claimed.Kind, claimed.IssuedAt);
        return new Verification(VerificationOutcome.NotIssued);
    }

    /// <summary>Everything the employee's disclosure states, read from one snapshot of the store.</summary>
    internal async Task<EmployeeDisclosure?> ReadAsync(EmployeeId employee, DisclosurePeriod period, DisclosureReader reader, DateTime now,
        CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var snapshot = db.Database.IsNpgsql() ? await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct) : null;
        var person = await db.Employees.AsNoTracking().Where(e => e.Id == employee.Value)
            .Select(e => new { e.DisplayName, e.OrgUnitId }).SingleOrDefaultAsync(ct);
        if (person is null)
            return null;
        var units = await db.OrgUnits.AsNoTracking().ToDictionaryAsync(u => u.Id, ct);
        var path = new List<string>();
        for (var at = units.GetValueOrDefault(person.OrgUnitId); at is not null; at = at.ParentId is null ? null : units.GetValueOrDefault(at.ParentId))
            path.Insert(0, at.Name);

        var eligibility = TrainingEligibility.InStatement(db, now);
        var records = RecordQueryService.Matching(db, employee, period.Filter, eligibility);
        var groups = await records
            .Select(eligibility.Project((CaptureRecord r, IneligibilityReasons reasons) => new { r.Kind, r.Purposes, Reasons = reasons }))
            .GroupBy(x => new { x.Kind, x.Purposes, x.Reasons })
            .Select(g => new { g.Key.Kind, g.Key.Purposes, g.Key.Reasons, Count = g.Count() })
            .ToListAsync(ct);
        var counts = RecordCounts.Tally(groups.Select(g => (g.Reasons, g.Count)));
        var kinds = groups.GroupBy(g => g.Kind).OrderBy(k => k.Key)
            .Select(k => new KindFigures(
                k.Key,
                k.Sum(g => g.Count),
                Enum.GetValues<Purposes>().Where(p => p.Each().Count() == 1)
                    .ToDictionary(p => p, p => k.Where(g => g.Purposes.HasFlag(p)).Sum(g => g.Count)),
                RecordCounts.Tally(k.Select(g => (g.Reasons, g.Count))).Eligible))
            .ToList();

        var span = await records.GroupBy(_ => 1)
            .Select(g => new { First = g.Min(r => r.CapturedAt), Last = g.Max(r => r.CapturedAt) })
            .SingleOrDefaultAsync(ct);
        var months = (await records
                .GroupBy(r => new { r.CapturedAt.Year, r.CapturedAt.Month, r.Kind })
                .Select(g => new { g.Key.Year, g.Key.Month, g.Key.Kind, Count = g.Count() })
                .ToListAsync(ct))
            .GroupBy(m => (m.Year, m.Month)).OrderBy(m => m.Key)
            .Select(m => new MonthFigures(m.Key.Year, m.Key.Month, m.ToDictionary(x => x.Kind, x => x.Count)))
            .ToList();

        var purposes = await db.Purposes.AsNoTracking().OrderBy(p => p.Id).ToListAsync(ct);
        var retention = await ContentRetention.ForAsync(db, now, ct);
        var held = await records.Where(r => r.DeletedAt == null && r.RedactedAt == null && r.PurgedAt == null)
            .GroupBy(r => r.Purposes)
            .Select(g => new { Purposes = g.Key, First = g.Min(r => r.CapturedAt), Last = g.Max(r => r.CapturedAt), Count = g.Count() })
            .ToListAsync(ct);
        var erasure = purposes.Select(p =>
            {
                var feeding = held.Where(h => h.Purposes.HasFlag(p.Id)).ToList();
                return new PurposeErasure(p.Id, p.RetentionDays, feeding.Sum(h => h.Count),
                    feeding.Count == 0 ? null : feeding.Min(h => retention.ErasedOn(h.First, h.Purposes)),
                    feeding.Count == 0 ? null : feeding.Max(h => retention.ErasedOn(h.Last, h.Purposes)));
            })
            .ToList();
        var holds = await db.LegalHoldsOf(employee).AsNoTracking().Where(h => h.LiftedAt == null)
            .OrderBy(h => h.PlacedAt)
            .Select(h => new HoldFact(h.Reason, h.PlacedAt, h.CapturedFrom, h.CapturedBefore))
            .ToListAsync(ct);

        var sources = records.GroupBy(r => new { r.SourceAgent, r.DeviceId });
        var sourceCount = await sources.CountAsync(ct);
        var listedSources = (await sources
                .Select(g => new { g.Key.SourceAgent, g.Key.DeviceId, Count = g.Count(), First = g.Min(r => r.CapturedAt), Last = g.Max(r => r.CapturedAt) })
                .OrderByDescending(s => s.Count).ThenBy(s => s.SourceAgent).ThenBy(s => s.DeviceId)
                .Take(ListedNames)
                .ToListAsync(ct))
            .Select(s => new SourceFigures(s.SourceAgent ?? "not named", s.DeviceId ?? "not named", s.Count, s.First, s.Last))
            .ToList();

        var rules = await db.RulesOf(employee).AsNoTracking().Where(s => s.RemovedAt == null).OrderBy(s => s.CreatedAt).ToListAsync(ct);
        var flags = await db.FlagsOf(employee).GroupBy(f => f.ReviewState).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);

        var receipts = db.ExportReceipts.Where(x => x.EmployeeId == employee.Value && records.Any(r => r.Id == x.RecordId));
        var exportedRecords = await receipts.Select(x => x.RecordId).Distinct().CountAsync(ct);
        var exportBatches = await receipts.Select(x => x.ExportBatchId).Distinct().CountAsync(ct);
        var revoked = await db.Revocations.Where(v => v.EmployeeId == employee.Value && records.Any(r => r.Id == v.RecordId))
            .Select(v => v.RecordId).Distinct().CountAsync(ct);

        // The log is short (a row per read, a row per export batch): added up here rather than grouped over its union.
        var accesses = (await AccessLogService.AccessesOf(db, employee).Select(a => new { a.Channel, a.At }).ToListAsync(ct))
            .GroupBy(a => a.Channel).OrderBy(a => a.Key)
            .Select(a => new AccessSummary(a.Key, a.Count(), a.Max(x => x.At)))
            .ToList();
        var recent = await AccessLogService.AccessesOf(db, employee).OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Take(ListedAccesses).ToListAsync(ct);

        IReadOnlyList<NamedCount> applications = [], sites = [];
        if (reader.IsSubject)
        {
            applications = await MostUsedAsync(records.Where(r => r.Application != null).Select(r => r.Application!), ct);
            sites = await MostUsedAsync(records.Where(r => r.Site != null).Select(r => r.Site!), ct);
        }
        if (snapshot is not null)
            await snapshot.CommitAsync(ct);

        return new EmployeeDisclosure
        {
            DocumentId = Guid.CreateVersion7(now), IssuedAt = now, Reader = reader, EmployeeId = employee.Value, Name = person.DisplayName,
            OrgUnitPath = path.Count > 0 ? path : ["(no org unit)"], Period = period, Counts = counts,
            FirstCaptured = span?.First, LastCaptured = span?.Last, Purposes = purposes, Kinds = kinds, Months = months,
            Erasure = erasure, Holds = holds, Sources = listedSources, SourceCount = sourceCount,
            StandingRules = rules.Select(TrainingStatusExplanation.DescribeRule).ToList(), OptedOut = rules.Any(r => r.IsGlobalOptOut),
            Flags = flags.ToDictionary(f => f.Key, f => f.Count),
            ExportedRecords = exportedRecords, ExportBatches = exportBatches, RevokedRecords = revoked,
            Accesses = accesses, RecentAccesses = recent, Applications = applications, Sites = sites,
        };
    }

    private static async Task<IReadOnlyList<NamedCount>> MostUsedAsync(IQueryable<string> names, CancellationToken ct) =>
        (await names.GroupBy(n => n).Select(g => new { Name = g.Key, Count = g.Count() })
            .OrderByDescending(n => n.Count).ThenBy(n => n.Name).Take(ListedNames).ToListAsync(ct))
        .Select(n => new NamedCount(n.Name, n.Count)).ToList();

    /// <summary>Whole milliseconds: what both stores keep of an instant, so the time printed is the time recorded.</summary>
    private static DateTime Milliseconds(DateTime at) => new(at.Ticks - at.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
}

public enum VerificationOutcome
{
    /// <summary>The file is a disclosure issued here, byte for byte.</summary>
    Issued = 1,

    /// <summary>The file names a disclosure issued here but differs from it.</summary>
    Altered = 2,

    /// <summary>A PDF, but not one issued here.</summary>
    NotIssued = 3,

    NotPdf = 4,
}

/// <summary>What verification says about a file: for an issued one, when, and whose (initials and org unit only).</summary>
public sealed record Verification(
    VerificationOutcome Outcome, Guid? DocumentId = null, DisclosureKind? Kind = null, DateTime? IssuedAt = null,
    string? SubjectInitials = null, string? SubjectOrgUnit = null);
