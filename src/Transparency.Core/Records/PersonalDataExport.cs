using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Transparency.Core.AccessLog;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Rollups;

namespace Transparency.Core.Records;

/// <summary>
/// Everything held about one employee, as a zip of JSON Lines and CSV: records with their content,
/// decisions, standing rules, flags and the access log. Written straight to the output stream page
/// by page, so memory stays flat however many records there are.
/// </summary>
public sealed class PersonalDataExport(IDbContextFactory<TransparencyDbContext> contexts, TimeProvider clock)
{
    private const int PageSize = 1_000;
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public static string FileName(EmployeeId employee, DateTime at) => $"transparency-{employee.Value}-{at:yyyyMMdd-HHmm}.zip";

    public async Task WriteAsync(EmployeeId employee, Stream output, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await RecordDownloadAsync(employee, now, ct);
        await using var sink = new AsyncWritesOnly(output);
        await using var zip = await ZipArchive.CreateAsync(sink, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, ct);
        await WriteTextAsync(zip, "README.txt", Readme(employee, now), ct);
        await WriteRecordsAsync(zip, employee, now, ct);
        await using var db = await contexts.CreateDbContextAsync(ct);
        await WriteLinesAsync(zip, "decisions.jsonl", db.DecisionsOf(employee).AsNoTracking().OrderBy(d => d.At).AsAsyncEnumerable(), (w, d) =>
        {
            w.WriteString("id", d.Id); w.WriteString("at", d.At); w.WriteString("kind", d.Kind.ToString());
            WriteNullable(w, "recordId", d.RecordId); WriteNullable(w, "standingRuleId", d.StandingRuleId);
            w.WriteNumber("recordCount", d.RecordCount); w.WriteString("filter", d.Filter); w.WriteString("reason", d.Reason);
            w.WriteString("actorRole", d.ActorRole.ToString());
        }, ct);
        await WriteLinesAsync(zip, "standing-rules.jsonl", db.RulesOf(employee).AsNoTracking().OrderBy(s => s.CreatedAt).AsAsyncEnumerable(), (w, s) =>
        {
            w.WriteString("id", s.Id); w.WriteString("rule", TrainingStatusExplanation.DescribeRule(s));
            w.WriteString("kind", s.Kind?.ToString()); w.WriteString("application", s.Application); w.WriteString("site", s.Site);
            WriteNullable(w, "capturedFrom", s.CapturedFrom); WriteNullable(w, "capturedBefore", s.CapturedBefore);
            w.WriteString("createdAt", s.CreatedAt); WriteNullable(w, "removedAt", s.RemovedAt);
        }, ct);
        await WriteLinesAsync(zip, "flags.jsonl", db.FlagsOf(employee).AsNoTracking().OrderBy(f => f.RaisedAt).AsAsyncEnumerable(), (w, f) =>
        {
            w.WriteString("id", f.Id); WriteNullable(w, "recordId", f.RecordId); w.WriteNumber("recordCount", f.RecordCount);
            w.WriteString("category", f.Category.ToString()); w.WriteString("note", f.Note); w.WriteString("raisedAt", f.RaisedAt);
            w.WriteString("reviewState", f.ReviewState.ToString()); WriteNullable(w, "resolvedAt", f.ResolvedAt); w.WriteString("resolution", f.Resolution);
        }, ct);
        await WriteLinesAsync(zip, "access-log.jsonl", AccessLogService.AccessesOf(db, employee).OrderBy(a => a.At).ThenBy(a => a.Id).AsAsyncEnumerable(), (w, a) =>
        {
            w.WriteString("at", a.At); w.WriteString("channel", a.Channel.ToString()); w.WriteString("actorRole", a.ActorRole.ToString());
            w.WriteString("actor", a.ActorId); w.WriteString("why", a.Why); w.WriteNumber("recordCount", a.RecordCount);
            WriteNullable(w, "exportBatchId", a.ExportBatchId);
        }, ct);
    }

    /// <summary>Downloading one's data is a right used: the works council's figures count it in this week.</summary>
    private async Task RecordDownloadAsync(EmployeeId employee, DateTime now, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.OwnDownloads.Add(new OwnDownload { EmployeeId = employee.Value, Id = Guid.CreateVersion7(now), At = now, Kind = OwnDownloadKind.PersonalData });
        await db.SaveChangesAsync(ct);
        await UsageWeeks.MarkAsync(db, employee.Value, now, now, now, ct);
        await tx.CommitAsync(ct);
    }

    private async Task WriteRecordsAsync(ZipArchive zip, EmployeeId employee, DateTime now, CancellationToken ct)
    {
        // The CSV (metadata only) is built in a second pass so each zip entry is written in one piece;
        // a zip being created takes one open entry at a time, so records.jsonl is closed before records.csv begins.
        RecordCursor? after = null;
        {
            var jsonEntry = zip.CreateEntry("records.jsonl", CompressionLevel.Fastest);
            await using var json = await jsonEntry.OpenAsync(ct);
            await using var writer = new Utf8JsonWriter(json);
            while (true)
            {
                var page = await RecordPageAsync(employee, now, after, ct);
                foreach (var (r, reasons, content) in page)
                {
                    writer.WriteStartObject();
                    WriteMetadata(writer, r, reasons);
                    if (content is not null)
                    {
                        writer.WritePropertyName("content");
                        writer.WriteRawValue(content.Json, skipInputValidation: false);
                        if (content.Snapshot is { } bytes)
                        {
                            writer.WriteString("snapshotMediaType", content.SnapshotMediaType);
                            writer.WriteBase64String("snapshotBase64", bytes);
                        }
                    }
                    writer.WriteEndObject();
                    await writer.FlushAsync(ct);
                    writer.Reset();
                    await json.WriteAsync(NewLine, ct);
                }
                if (page.Count < PageSize)
                    break;
                after = new RecordCursor(page[^1].Record.CapturedAt, page[^1].Record.Id);
            }
        }

        var csvEntry = zip.CreateEntry("records.csv", CompressionLevel.Fastest);
        await using var csv = new StreamWriter(await csvEntry.OpenAsync(ct), new UTF8Encoding(false));
        await csv.WriteLineAsync("id,captured_at,received_at,kind,application,site,device,summary,purposes,sensitivity,training,reasons,flagged,deleted_at,redacted_at,purged_at");
        after = null;
        while (true)
        {
            var page = await RecordPageAsync(employee, now, after, ct, withContent: false);
            foreach (var (r, reasons, _) in page)
                await csv.WriteLineAsync(string.Join(',',
                    Csv.Field(r.Id.ToString()), Csv.Field(Iso(r.CapturedAt)), Csv.Field(Iso(r.ReceivedAt)), Csv.Field(r.Kind.ToString()),
                    Csv.Field(r.Application), Csv.Field(r.Site), Csv.Field(r.DeviceId), Csv.Field(r.Summary), Csv.Field(r.Purposes.ToString()),
                    Csv.Field(r.Sensitivity.ToString()), Csv.Field(reasons == IneligibilityReasons.None ? "eligible" : "not eligible"),
                    Csv.Field(reasons.ToString()), Csv.Field(r.HasOpenFlag ? "yes" : "no"), Csv.Field(Iso(r.DeletedAt)), Csv.Field(Iso(r.RedactedAt)),
                    Csv.Field(Iso(r.PurgedAt))));
            if (page.Count < PageSize)
                break;
            after = new RecordCursor(page[^1].Record.CapturedAt, page[^1].Record.Id);
        }
    }

    private async Task<List<(CaptureRecord Record, IneligibilityReasons Reasons, CaptureContent? Content)>> RecordPageAsync(
        EmployeeId employee, DateTime now, RecordCursor? after, CancellationToken ct, bool withContent = true)
    {
        // A context per page: nothing accumulates, and no reader stays open while the zip is written.
        await using var db = await contexts.CreateDbContextAsync(ct);
        var eligibility = await TrainingEligibility.ForAsync(db, now, ct);
        var query = db.RecordsOf(employee).AsNoTracking();
        if (after is not null)
            query = query.Where(r => r.CapturedAt < after.CapturedAt || (r.CapturedAt == after.CapturedAt && r.Id.CompareTo(after.Id) < 0));
        var rows = await query.OrderByDescending(r => r.CapturedAt).ThenByDescending(r => r.Id).Take(PageSize)
            .Select(eligibility.Project((CaptureRecord r, IneligibilityReasons reasons) => new { Record = r, Reasons = reasons, Content = withContent ? r.Content : null }))
            .ToListAsync(ct);
        return rows.Select(x => (x.Record, x.Reasons, x.Content)).ToList();
    }

    private static void WriteMetadata(Utf8JsonWriter w, CaptureRecord r, IneligibilityReasons reasons)
    {
        w.WriteString("id", r.Id); w.WriteString("capturedAt", r.CapturedAt); WriteNullable(w, "receivedAt", r.ReceivedAt);
        w.WriteString("kind", r.Kind.ToString()); w.WriteString("application", r.Application); w.WriteString("site", r.Site);
        w.WriteString("device", r.DeviceId); w.WriteString("source", r.SourceAgent); w.WriteString("summary", r.Summary);
        w.WriteStartArray("purposes");
        foreach (var p in r.Purposes.Each()) w.WriteStringValue(p.ToString());
        w.WriteEndArray();
        w.WriteStartArray("sensitivity");
        foreach (var t in r.Sensitivity.Each()) w.WriteStringValue(t.ToString());
        w.WriteEndArray();
        w.WriteBoolean("trainingEligible", reasons == IneligibilityReasons.None);
        w.WriteStartArray("notEligibleBecause");
        foreach (var reason in reasons.Each()) w.WriteStringValue(reason.ToString());
        w.WriteEndArray();
        w.WriteString("trainingChoice", r.TrainingChoice.ToString()); w.WriteBoolean("flagged", r.HasOpenFlag);
        WriteNullable(w, "deletedAt", r.DeletedAt); WriteNullable(w, "redactedAt", r.RedactedAt); WriteNullable(w, "purgedAt", r.PurgedAt);
    }

    private static async Task WriteLinesAsync<T>(ZipArchive zip, string name, IAsyncEnumerable<T> items, Action<Utf8JsonWriter, T> write, CancellationToken ct)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
        await using var stream = await entry.OpenAsync(ct);
        await using var writer = new Utf8JsonWriter(stream);
        await foreach (var item in items.WithCancellation(ct))
        {
            writer.WriteStartObject();
            write(writer, item);
            writer.WriteEndObject();
            await writer.FlushAsync(ct);
            writer.Reset();
            await stream.WriteAsync(NewLine, ct);
        }
    }

    private static async Task WriteTextAsync(ZipArchive zip, string name, string text, CancellationToken ct)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
        await using var stream = await entry.OpenAsync(ct);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text), ct);
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, Guid? value)
    {
        if (value is { } v) w.WriteString(name, v); else w.WriteNull(name);
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, DateTime? value)
    {
        if (value is { } v) w.WriteString(name, v); else w.WriteNull(name);
    }

    private static string? Iso(DateTime? at) => at?.ToString("yyyy-MM-ddTHH:mm:ss.fffZ");

    private static string Readme(EmployeeId employee, DateTime now) => $"""
        Everything Transparency holds about employee {employee.Value}, exported {now:yyyy-MM-dd HH:mm} UTC.

        records.jsonl         one line per capture record: metadata, purposes, training status and why,
                              and its content (snapshot images as base64). Deleted records appear as
                              tombstones without content.
        records.csv           the same records' metadata as a table (no content).
        decisions.jsonl       every act on your records: yours, the privacy officer's, and standing rules.
        standing-rules.jsonl  your standing rules, including removed ones.
        flags.jsonl           your flags and how they were resolved.
        access-log.jsonl      every time someone other than you read or exported your data.

        Times are UTC (ISO 8601).
        """;
}

/// <summary>
/// Lets the zip be written to a stream that allows only asynchronous writes, such as an HTTP response body.
/// Closing a zip entry still writes synchronously in .NET 10 (its entry stream has no asynchronous dispose,
/// dotnet/runtime#121624): those few bytes, the end of an entry's compressed data and its descriptor, are
/// held here and sent ahead of the next asynchronous write, or when this stream is disposed.
/// </summary>
internal sealed class AsyncWritesOnly(Stream output) : Stream
{
    private readonly MemoryStream _held = new();

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => _held.Write(buffer, offset, count);
    public override void Write(ReadOnlySpan<byte> buffer) => _held.Write(buffer);
    public override void WriteByte(byte value) => _held.WriteByte(value);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await SendHeldAsync(cancellationToken);
        await output.WriteAsync(buffer, cancellationToken);
    }

    public override void Flush()
    {
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await SendHeldAsync(cancellationToken);
        await output.FlushAsync(cancellationToken);
    }

    public override async ValueTask DisposeAsync()
    {
        await FlushAsync(CancellationToken.None);
        await _held.DisposeAsync();
        await base.DisposeAsync();
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    private async ValueTask SendHeldAsync(CancellationToken ct)
    {
        if (_held.Length == 0)
            return;
        await output.WriteAsync(_held.GetBuffer().AsMemory(0, (int)_held.Length), ct);
        _held.SetLength(0);
    }
}

/// <summary>CSV fields for spreadsheets: quoted when needed, and never read as a formula.</summary>
public static class Csv
{
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return "";
        // A leading =, +, - or @ would make a spreadsheet evaluate the text as a formula.
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
