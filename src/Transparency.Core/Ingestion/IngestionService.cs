using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Register;

namespace Transparency.Core.Ingestion;

/// <summary>
/// Writes batches of capture records from the capture pipeline. A batch is checked whole before
/// anything is written, written in one transaction (all or nothing), and acknowledged only after
/// commit. Re-sent records are recognised by id and <see cref="CaptureRecord.IngestHash"/>; a request
/// with an Idempotency-Key gets its first response again.
/// </summary>
public sealed class IngestionService(
    IDbContextFactory<TransparencyDbContext> contexts, IngestionOptions options, TimeProvider clock, SensitiveContextList sensitiveContexts)
{
    /// <summary>An ingestion over the store's own list of sensitive contexts, seeded from <paramref name="options"/>.</summary>
    public IngestionService(IDbContextFactory<TransparencyDbContext> contexts, IngestionOptions options, TimeProvider clock)
        : this(contexts, options, clock, new SensitiveContextList(contexts, options.SensitiveContexts, clock))
    {
    }

    public const string Accepted = "accepted";
    public const string Duplicate = "duplicate";

    private static readonly JsonSerializerOptions ResponseJson = new(JsonSerializerDefaults.Web);

    public IngestionOptions Options => options;

    public async Task<IngestionResult> IngestAsync(IngestionRequest request, CancellationToken ct = default)
    {
        if (request.Body.Length > options.MaxRequestBytes)
            return IngestionResult.Problem(413, "Request too large", $"The body is larger than the limit of {options.MaxRequestBytes} bytes.");
        // A key is stored and looked up as text: a control character (NUL above all, which PostgreSQL refuses) is no part of one.
        if (request.IdempotencyKey is { } key && (key.Length is 0 or > 200 || PlainText.Problem(key) is not null))
            return IngestionResult.Problem(400, "Invalid Idempotency-Key", "The Idempotency-Key header must be 1 to 200 characters of text, without control characters.");

        var now = clock.GetUtcNow().UtcDateTime;
        // The list as it stands when the batch arrives: a change made before binds it, records already held keep their tags.
        var sensitive = await sensitiveContexts.CurrentAsync(ct);
        int longestRetention;
        await using (var register = await contexts.CreateDbContextAsync(ct))
            longestRetention = await register.Purposes.MaxAsync(p => (int?)p.RetentionDays, ct) ?? 0;
        var oldest = longestRetention > 0 ? now.AddDays(-longestRetention) : DateTime.MinValue;
        var (items, refusal) = Read(request, now, oldest, sensitive);
        if (refusal is not null)
            return refusal;

        // Over the records as stored, not over the body: the body may carry text typed into a password field,
        // which is never kept (ADR 0003), not even as a hash. A retry's body reads the same as the first one did.
        var requestHash = RequestHash(items);
        if (request.IdempotencyKey is not null && await ReplayAsync(request, requestHash, items, ct) is { } replay)
            return replay;

        await using var db = await contexts.CreateDbContextAsync(ct);
        var employeeIds = items.Select(i => i.EmployeeId).Distinct().ToList();
        var known = await db.Employees.Where(e => employeeIds.Contains(e.Id)).Select(e => new { e.Id, e.LeavesOn })
            .ToDictionaryAsync(e => e.Id, e => e.LeavesOn, ct);
        // After their last working day nothing is captured from a leaver lawfully; what was captured before stays.
        var refused = items
            .Select(i => !known.TryGetValue(i.EmployeeId, out var leavesOn)
                ? new IngestionItemError(i.Index, "employeeId", $"No employee '{i.EmployeeId}' is known.")
                : Employee.HasLeft(leavesOn, i.CapturedAt)
                    ? new IngestionItemError(i.Index, "capturedAt",
                        $"Employee '{i.EmployeeId}' left after {leavesOn:yyyy-MM-dd}, their last working day; records captured after it are refused.")
                    : null)
            .OfType<IngestionItemError>().ToList();
        if (refused.Count > 0)
            return Invalid(refused);

        // A concurrent batch carrying the same new ids makes an attempt fail on the key (the retry sees them as
        // duplicates); PostgreSQL may also end an attempt as a deadlock victim. Nothing of a failed attempt stays.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await WriteAsync(request, requestHash, items, now, ct);
            }
            catch (Exception e) when (attempt < 3 && (IsKeyViolation(e) || IsTransient(e)))
            {
                if (request.IdempotencyKey is not null && await ReplayAsync(request, requestHash, items, ct) is { } concurrentReplay)
                    return concurrentReplay;
            }
        }
    }

    private (List<CaptureItem> Items, IngestionResult? Refusal) Read(IngestionRequest request, DateTime now, DateTime oldest, SensitiveContextMatcher sensitive)
    {
        var reader = new CaptureItemReader(options, sensitive, now, oldest);
        var items = new List<CaptureItem>();
        var documents = new List<JsonDocument>();
        try
        {
            List<JsonElement> elements;
            try
            {
                // Counted while reading, before a document is built: a body of millions of tiny records is refused for its
                // count without first holding every one of them in memory.
                var limit = options.MaxRecordsPerBatch;
                if (!request.NdJson && MoreThan(request.Body.Span, limit))
                    return ([], TooMany(limit));
                elements = request.NdJson ? ReadLines(request.Body, documents, limit + 1) : ReadArray(request.Body, documents);
            }
            catch (JsonException e)
            {
                return ([], IngestionResult.Problem(400, "Malformed JSON", e.Message));
            }
            if (elements.Count == 0)
                return ([], IngestionResult.Problem(422, "Empty batch", "Send at least one capture record."));
            if (elements.Count > options.MaxRecordsPerBatch)
                return ([], TooMany(options.MaxRecordsPerBatch));
            var seen = new Dictionary<Guid, int>();
            for (var i = 0; i < elements.Count; i++)
            {
                if (reader.Read(i, elements[i]) is not { } item)
                    continue;
                if (seen.TryGetValue(item.Id, out var earlier))
                    reader.SemanticErrors.Add(new(i, "id", $"The id appears already at index {earlier} of this batch."));
                else
                {
                    seen[item.Id] = i;
                    items.Add(item);
                }
            }
        }
        finally
        {
            documents.ForEach(d => d.Dispose());
        }
        if (reader.FormErrors.Count > 0)
            return ([], IngestionResult.Problem(400, "Malformed records", "Some records have fields of the wrong JSON type.", reader.FormErrors));
        if (reader.SizeErrors.Count > 0)
            return ([], IngestionResult.Problem(413, "Content too large",
                $"Some records' content is larger than the limit of {options.MaxContentBytesPerRecord} bytes.", reader.SizeErrors));
        if (reader.SemanticErrors.Count > 0)
            return ([], Invalid(reader.SemanticErrors));
        return (items.Select(i => Tag(i, sensitive)).ToList(), null);
    }

    /// <summary>
    /// SHA-256 over the batch's record keys in order. Only over the keys: a hash that content went into could be tried
    /// against candidates once the content is erased, and an idempotency record does not go with its records. A retry
    /// whose records differ in content from the held ones is caught by comparing each with its record's hash.
    /// </summary>
    private static string RequestHash(List<CaptureItem> items) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', items.Select(i => $"{i.EmployeeId}/{i.Id:N}")))));

    private static IngestionResult Invalid(IReadOnlyList<IngestionItemError> errors) =>
        IngestionResult.Problem(422, "Invalid records", "Nothing was written; correct the records listed in errors and send the batch again.", errors);

    private static List<JsonElement> ReadArray(ReadOnlyMemory<byte> body, List<JsonDocument> documents)
    {
        var document = JsonDocument.Parse(body);
        documents.Add(document);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
            throw new JsonException("The body must be a JSON array of capture records (or NDJSON with Content-Type application/x-ndjson).");
        return document.RootElement.EnumerateArray().ToList();
    }

    private static IngestionResult TooMany(int limit) => IngestionResult.Problem(413, "Batch too large",
        $"The batch has more than {limit} records, the limit. Split it into smaller batches.");

    /// <summary>
    /// Whether the body is a JSON array of more than <paramref name="limit"/> values, read token by token and stopping at the
    /// first value past the limit. A body that is no array, or not JSON, is left to the parser, which says what is wrong.
    /// </summary>
    private static bool MoreThan(ReadOnlySpan<byte> body, int limit)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                return false;
            var count = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (++count > limit)
                    return true;
                reader.Skip();
            }
            return false;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The body's lines as records, at most <paramref name="most"/> of them: reading stops there.</summary>
    private static List<JsonElement> ReadLines(ReadOnlyMemory<byte> body, List<JsonDocument> documents, int most)
    {
        var elements = new List<JsonElement>();
        var rest = body;
        var line = 0;
        while (rest.Length > 0 && elements.Count < most)
        {
            line++;
            var end = rest.Span.IndexOf((byte)'\n');
            var text = end < 0 ? rest : rest[..end];
            rest = end < 0 ? ReadOnlyMemory<byte>.Empty : rest[(end + 1)..];
            if (text.Span.Trim(" \t\r"u8).IsEmpty)
                continue;
            try
            {
                var document = JsonDocument.Parse(text);
                documents.Add(document);
                elements.Add(document.RootElement);
            }
            catch (JsonException e)
            {
                throw new JsonException($"Line {line}: {e.Message}", e);
            }
        }
        return elements;
    }

    /// <summary>Adds the tags of the sensitive contexts the record was captured in, whatever the agent sent.</summary>
    private static CaptureItem Tag(CaptureItem item, SensitiveContextMatcher sensitive)
    {
        var tags = item.Sensitivity | sensitive.TagsOf(item.Application, item.Site, item.WindowTitle);
        return tags == item.Sensitivity ? item : item with { Sensitivity = tags };
    }

    private async Task<IngestionResult?> ReplayAsync(IngestionRequest request, string requestHash, List<CaptureItem> items, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var stored = await db.IdempotencyRecords.AsNoTracking()
            .SingleOrDefaultAsync(r => r.ApiClientId == request.ApiClientId && r.Key == request.IdempotencyKey, ct);
        if (stored is null)
            return null;
        // Same keys, and each record's content as the store holds it (an erased record has no hash left to differ).
        var differs = stored.RequestHash != requestHash;
        if (!differs)
        {
            var held = await HeldAsync(db, items, ct);
            differs = items.Any(i => held.TryGetValue((i.EmployeeId, i.Id), out var hash) && hash is not null && hash != i.IngestHash);
        }
        if (differs)
            return IngestionResult.Problem(422, "Idempotency-Key reused",
                "This Idempotency-Key was used before with a different body. Use a new key for a new batch.");
        return new IngestionResult(stored.StatusCode, Encoding.UTF8.GetBytes(stored.ResponseBody), null, null, [], Replayed: true);
    }

    private async Task<IngestionResult> WriteAsync(IngestionRequest request, string requestHash, List<CaptureItem> items, DateTime now, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        var existing = await HeldAsync(db, items, ct);

        var conflicts = items
            // A held record without a hash had its content erased (or its password-field text removed) together with the
            // hash taken over it: nothing is left to compare, and the id alone says the record was received.
            .Where(i => existing.TryGetValue((i.EmployeeId, i.Id), out var hash) && hash is not null && hash != i.IngestHash)
            .Select(i => new IngestionItemError(i.Index, "id", $"A record with id {i.Id} is held already with different content."))
            .ToList();
        if (conflicts.Count > 0)
            return IngestionResult.Problem(409, "Records conflict",
                "Some ids are held already with different content; a capture record cannot be changed by re-sending it. Nothing was written.", conflicts);

        // Read in the transaction that writes: a record arriving after a change to the register feeds what the register says then.
        // The capture agent names the purposes; those that do not take the record's kind are left out.
        var takes = await db.Purposes.AsNoTracking().Select(p => new { p.Id, p.KindMask }).ToListAsync(ct);
        Purposes NotTaking(CaptureKind kind) => takes.Where(t => (t.KindMask & Purpose.MaskOf(kind)) == 0).Aggregate(Purposes.None, (s, t) => s | t.Id);
        var fresh = items.Where(i => !existing.ContainsKey((i.EmployeeId, i.Id)))
            .Select(i => i with { Purposes = i.Purposes & ~NotTaking(i.Kind) })
            .ToList();
        var notices = await NewCombinationNoticesAsync(db, fresh, now, ct);

        await using (var writer = BulkWriter.For(db))
        {
            foreach (var i in fresh)
            {
                await writer.WriteAsync(new CaptureRecordRow
                {
                    EmployeeId = i.EmployeeId, Id = i.Id, CapturedAt = i.CapturedAt, ReceivedAt = now, Kind = i.Kind, DeviceId = i.DeviceId,
                    Application = i.Application, Site = i.Site, SourceAgent = i.Source, Summary = i.Summary, Sensitivity = i.Sensitivity,
                    Purposes = i.Purposes, IngestHash = i.IngestHash,
                }, ct);
                await writer.WriteAsync(new CaptureContentRow(i.EmployeeId, i.Id, i.ContentJson, i.Snapshot, i.SnapshotMediaType), ct);
            }
            await writer.CompleteAsync(ct);
        }

        var response = new IngestionResponse(fresh.Count, items.Count - fresh.Count,
            items.Select(i => new IngestedRecordStatus(i.Id, existing.ContainsKey((i.EmployeeId, i.Id)) ? Duplicate : Accepted)).ToList());
        // As UTF-8, not a string: a thousand records' statuses as UTF-16 pass the large object heap's threshold.
        var json = JsonSerializer.SerializeToUtf8Bytes(response, ResponseJson);
        db.Notices.AddRange(notices);
        if (request.IdempotencyKey is not null)
            db.IdempotencyRecords.Add(new IdempotencyRecord
            {
                ApiClientId = request.ApiClientId, Key = request.IdempotencyKey, RequestHash = requestHash,
                StatusCode = 200, ResponseBody = Encoding.UTF8.GetString(json), CreatedAt = now,
            });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new IngestionResult(200, json, null, null, []);
    }

    /// <summary>The batch's records the store holds already, with the hash of their content.</summary>
    private static async Task<Dictionary<(string EmployeeId, Guid Id), string?>> HeldAsync(TransparencyDbContext db, List<CaptureItem> items, CancellationToken ct)
    {
        var employeeIds = items.Select(i => i.EmployeeId).ToArray();
        var ids = items.Select(i => i.Id).ToArray();
        List<HeldRecord> held;
        if (db.Database.IsNpgsql())
            // Pairs, one primary-key probe each. "employee_id = ANY(…) AND id = ANY(…)" makes PostgreSQL descend the
            // key once per employee × id combination: ten employees in a batch of 1,000 were 10,000 probes.
            held = await db.Database.SqlQuery<HeldRecord>($"""
                SELECT r.employee_id, r.id, r.ingest_hash
                FROM unnest({employeeIds}::text[], {ids}::uuid[]) AS k(employee_id, id)
                JOIN capture_records r ON r.employee_id = k.employee_id AND r.id = k.id
                """).ToListAsync(ct);
        else
        {
            var distinctEmployees = employeeIds.Distinct().ToList();
            held = await db.CaptureRecords.AsNoTracking()
                .Where(r => distinctEmployees.Contains(r.EmployeeId) && ids.Contains(r.Id))
                .Select(r => new HeldRecord(r.EmployeeId, r.Id, r.IngestHash))
                .ToListAsync(ct);
        }
        return held.ToDictionary(r => (r.EmployeeId, r.Id), r => r.IngestHash);
    }

    private sealed record HeldRecord(string EmployeeId, Guid Id, string? IngestHash);

    /// <summary>
    /// One notice per kind × purpose that starts feeding on an employee's data with this batch: the
    /// employee learns of a new use when it begins, not when they next happen to look. Known uses are read
    /// for the whole batch at once; a use not yet recorded is confirmed against the records once (stores
    /// filled before uses were recorded) and then recorded.
    /// </summary>
    private static async Task<List<Notice>> NewCombinationNoticesAsync(TransparencyDbContext db, List<CaptureItem> fresh, DateTime now, CancellationToken ct)
    {
        var employeeIds = fresh.Select(i => i.EmployeeId).Distinct().ToList();
        var known = (await db.EmployeeUses.AsNoTracking()
                .Where(u => employeeIds.Contains(u.EmployeeId))
                .Select(u => new { u.EmployeeId, u.Kind, u.Purpose })
                .ToListAsync(ct))
            .Select(u => (u.EmployeeId, u.Kind, u.Purpose))
            .ToHashSet();
        var incoming = fresh
            .SelectMany(i => i.Purposes.Each().Select(p => (i.EmployeeId, i.Kind, Purpose: p)))
            .Distinct()
            .Where(use => !known.Contains(use))
            // One order for every batch: concurrent batches recording the same new uses then never wait on each other in a cycle.
            .OrderBy(use => use.EmployeeId, StringComparer.Ordinal).ThenBy(use => use.Kind).ThenBy(use => use.Purpose)
            .ToList();

        var notices = new List<Notice>();
        foreach (var (employeeId, kind, purpose) in incoming)
        {
            var seenBefore = await db.CaptureRecords.AnyAsync(r => r.EmployeeId == employeeId && r.Kind == kind && (r.Purposes & purpose) != 0, ct);
            // An upsert: two batches recording the same new use at once must not fail each other.
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO employee_uses (employee_id, kind, purpose, since) VALUES ({employeeId}, {(int)kind}, {(int)purpose}, {now}) ON CONFLICT DO NOTHING",
                ct);
            if (seenBefore)
                continue;
            notices.Add(new Notice
            {
                EmployeeId = employeeId, Id = Guid.CreateVersion7(now), At = now, Kind = NoticeKind.NewPurposeOrKind,
                Text = $"{Describe(kind)} captured from you now feed {Describe(purpose)}.", Link = "/my/records",
            });
        }
        return notices;
    }

    private static string Describe(CaptureKind kind) => kind switch
    {
        CaptureKind.PointerTrajectory => "Pointer movements",
        CaptureKind.Click => "Clicks",
        CaptureKind.Keystrokes => "Keystrokes",
        CaptureKind.ScreenSnapshot => "Screen snapshots",
        CaptureKind.AppFocus => "Application focus times",
        _ => kind.ToString(),
    };

    private static string Describe(Purposes purpose) => purpose switch
    {
        Purposes.OperationalTelemetry => "operational telemetry",
        Purposes.Product => "product improvement",
        Purposes.ModelTraining => "AI model training",
        _ => purpose.ToString(),
    };

    private static bool IsTransient(Exception e) => e switch
    {
        DbUpdateException { InnerException: { } inner } => IsTransient(inner),
        PostgresException p => p.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure,
        _ => false,
    };

    private static bool IsKeyViolation(Exception e) => e switch
    {
        DbUpdateException { InnerException: { } inner } => IsKeyViolation(inner),
        PostgresException p => p.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException s => s.SqliteErrorCode == 19,
        _ => false,
    };
}
