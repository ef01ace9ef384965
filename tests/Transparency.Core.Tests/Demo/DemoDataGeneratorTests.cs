using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Transparency.Core.Demo;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Register;
using Transparency.Testing;

namespace Transparency.Core.Tests.Demo;

/// <summary>One generated demo store per provider, shared by the tests that only read it.</summary>
public sealed class GeneratedDemoStores : IAsyncDisposable
{
    public static readonly DemoDataOptions Options = new() { Records = 10_000, Now = TestData.Now };

    private readonly Dictionary<StoreProvider, Task<TestStore>> _stores = [];
    private readonly Lock _lock = new();

    public Task<TestStore> GetAsync(StoreProvider provider)
    {
        lock (_lock)
        {
            if (!_stores.TryGetValue(provider, out var store))
                _stores[provider] = store = DemoStores.GenerateAsync(provider, Options);
            return store;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores.Values)
            if (store.IsCompletedSuccessfully)
                await store.Result.DisposeAsync();
    }
}

internal static class DemoStores
{
    /// <summary>A migrated store with the processing register, as the store initializer leaves it before generating.</summary>
    public static async Task<TestStore> EmptyAsync(StoreProvider provider)
    {
        var store = await TestStore.CreateAsync(provider);
        await using var db = await store.Contexts.CreateDbContextAsync(TestContext.Current.CancellationToken);
        db.Purposes.AddRange(ProcessingRegister.Defaults.Select(p => new Purpose
        {
            Id = p.Id, Name = p.Name, Description = p.Description, LegalBasis = p.LegalBasis, Recipients = p.Recipients,
            RetentionDays = p.RetentionDays, Withholdable = p.Withholdable, FidesDataUse = p.FidesDataUse,
        }));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return store;
    }

    public static async Task<TestStore> GenerateAsync(StoreProvider provider, DemoDataOptions options, TimeProvider? clock = null)
    {
        var store = await EmptyAsync(provider);
        await new DemoDataGenerator(store.Contexts, clock ?? TimeProvider.System).GenerateAsync(options, TestContext.Current.CancellationToken);
        return store;
    }
}

public sealed class DemoDataGeneratorTests(GeneratedDemoStores stores) : IClassFixture<GeneratedDemoStores>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTime End = TestData.Now;
    private static readonly DateTime Start = TestData.Now.AddDays(-GeneratedDemoStores.Options.Days);

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Organisation_has_160_employees_in_a_hierarchy_of_departments_and_teams(StoreProvider provider)
    {
        var store = await stores.GetAsync(provider);
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        var units = await db.OrgUnits.AsNoTracking().ToDictionaryAsync(u => u.Id, Ct);
        var employees = await db.Employees.AsNoTracking().OrderBy(e => e.Id).ToListAsync(Ct);

        Assert.Equal(160, employees.Count);
        Assert.True(units.Count >= 8, $"{units.Count} org units");
        Assert.Single(units.Values, u => u.ParentId is null);
        int Depth(string id) => units[id].ParentId is { } parent ? 1 + Depth(parent) : 1;
        Assert.Equal(3, units.Keys.Max(Depth));
        string Department(string unitId) => units[unitId].ParentId is { } parent && units[parent].ParentId is not null ? Department(parent) : units[unitId].Name;

        Assert.Equal(Enumerable.Range(1, 160).Select(i => $"E{i:00000}"), employees.Select(e => e.Id));
        Assert.Equal(160, employees.Select(e => e.SignInIdentity).Distinct().Count());
        Assert.All(employees, e => Assert.Matches(new Regex(@"^[a-z-]+\.[a-z-]+\d*@demo\.transparency$"), e.SignInIdentity));
        Assert.True(employees.Select(e => e.DisplayName.Split(' ')[0]).Distinct().Count() > 60, "first names are varied");
        Assert.True(employees.GroupBy(e => e.OrgUnitId).Count() >= 10, "employees sit in many teams");

        foreach (var user in DemoUsers.All)
        {
            var employee = employees.Single(e => e.Id == user.EmployeeId);
            Assert.Equal(user.DisplayName, employee.DisplayName);
            Assert.Equal(user.SignInIdentity, employee.SignInIdentity);
        }
        Assert.Equal("Engineering", Department(employees[0].OrgUnitId));
        Assert.Equal("Customer Support", Department(employees[1].OrgUnitId));
        Assert.Equal("Finance", Department(employees[2].OrgUnitId));
        Assert.Equal("Works Council", Department(employees[3].OrgUnitId));
        Assert.Equal("HR", Department(employees[4].OrgUnitId));
        Assert.Equal("Legal & Privacy", Department(employees[5].OrgUnitId));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Records_cover_every_kind_and_purpose_over_the_month_unevenly(StoreProvider provider)
    {
        var store = await stores.GetAsync(provider);
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        var all = await db.CaptureRecords.AsNoTracking()
            .Select(r => new { r.EmployeeId, r.Kind, r.Purposes, r.CapturedAt, r.ReceivedAt, r.Sensitivity, r.Application, r.Site, r.DeviceId, r.SourceAgent, r.DeletedAt })
            .ToListAsync(Ct);
        Assert.Equal(GeneratedDemoStores.Options.Records, all.Count);
        // Deleted demo records are tombstones, as a delete leaves them: kind and capture time, nothing of the context.
        var tombstones = all.Where(r => r.DeletedAt != null).ToList();
        Assert.NotEmpty(tombstones);
        Assert.All(tombstones, r => Assert.Equal((null, null, null, null, null, Purposes.None, SensitivityTags.None),
            (r.ReceivedAt, r.Application, r.Site, r.DeviceId, r.SourceAgent, r.Purposes, r.Sensitivity)));
        var records = all.Where(r => r.DeletedAt == null).ToList();
        Assert.Equal(Enum.GetValues<CaptureKind>().Order(), records.Select(r => r.Kind).Distinct().Order());
        Assert.All(records, r => Assert.True(r.Purposes.HasFlag(Purposes.OperationalTelemetry)));
        Assert.Contains(records, r => r.Purposes.HasFlag(Purposes.Product));
        Assert.Contains(records, r => r.Purposes.HasFlag(Purposes.ModelTraining));
        var interactive = records.Where(r => r.Kind != CaptureKind.AppFocus).ToList();
        Assert.InRange(interactive.Count(r => r.Purposes.HasFlag(Purposes.ModelTraining)) / (double)interactive.Count, 0.75, 0.95);

        Assert.All(records, r => Assert.InRange(r.CapturedAt, Start, End));
        Assert.All(records, r => Assert.True(r.ReceivedAt >= r.CapturedAt));
        Assert.All(records, r => Assert.Matches(new Regex(@"^(LT|WS)-\d{4}$"), r.DeviceId));
        Assert.All(records, r => Assert.StartsWith("capture-agent/", r.SourceAgent));

        var perEmployee = records.GroupBy(r => r.EmployeeId).Select(g => g.Count()).ToList();
        Assert.True(perEmployee.Count >= 150, $"{perEmployee.Count} employees have records");
        Assert.True(perEmployee.Max() > 3 * perEmployee.Min(), "capture is uneven over people");

        bool Weekend(DateTime at) => at.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        var weekendShare = records.Count(r => Weekend(r.CapturedAt)) / (double)records.Count;
        Assert.InRange(weekendShare, 0.001, 0.08);
        var working = records.Count(r => r.CapturedAt.Hour is >= 7 and < 18) / (double)records.Count;
        Assert.True(working > 0.7, $"{working:P0} in working hours");

        var sensitive = records.Count(r => r.Sensitivity != SensitivityTags.None) / (double)records.Count;
        Assert.InRange(sensitive, 0.01, 0.08);
        foreach (var tag in Enum.GetValues<SensitivityTags>().Where(t => t != SensitivityTags.None))
            Assert.Contains(records, r => r.Sensitivity.HasFlag(tag));

        string[] browsers = ["Google Chrome", "Microsoft Edge", "Firefox"];
        Assert.All(records, r => Assert.Equal(browsers.Contains(r.Application), r.Site is not null));
        Assert.Contains(records, r => r is { Kind: CaptureKind.AppFocus, Site: not null });
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Demo_users_have_their_stories(StoreProvider provider)
    {
        var store = await stores.GetAsync(provider);
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);

        var alexRule = Assert.Single(await db.RulesOf(new EmployeeId("E00001")).AsNoTracking().ToListAsync(Ct));
        Assert.Equal((CaptureKind?)CaptureKind.Keystrokes, alexRule.Kind);
        Assert.Equal("Slack", alexRule.Application);
        Assert.Null(alexRule.RemovedAt);
        var alexRuleDecision = await db.DecisionsOf(new EmployeeId("E00001")).SingleAsync(d => d.StandingRuleId == alexRule.Id, Ct);
        Assert.Equal(DecisionKind.Withhold, alexRuleDecision.Kind);
        Assert.True(await db.RecordsOf(new EmployeeId("E00001")).AnyAsync(r => r.Kind == CaptureKind.Keystrokes && r.Application == "Slack", Ct));
        var alexFlag = await db.FlagsOf(new EmployeeId("E00001")).FirstAsync(f => f.ReviewState == FlagReviewState.Open, Ct);
        Assert.True(await db.RecordsOf(new EmployeeId("E00001")).Where(r => r.Id == alexFlag.RecordId).Select(r => r.HasOpenFlag).SingleAsync(Ct));

        var priyaRule = Assert.Single(await db.RulesOf(new EmployeeId("E00002")).AsNoTracking().ToListAsync(Ct));
        Assert.True(priyaRule.IsGlobalOptOut);
        Assert.True(await db.DecisionsOf(new EmployeeId("E00002")).AnyAsync(d => d.StandingRuleId == priyaRule.Id && d.Kind == DecisionKind.Withhold, Ct));

        var tomasz = await db.RecordsOf(new EmployeeId("E00003")).AsNoTracking().Include(r => r.Content)
            .Where(r => r.Sensitivity != SensitivityTags.None).ToListAsync(Ct);
        Assert.Contains(tomasz, r => r.Sensitivity.HasFlag(SensitivityTags.Banking) && r.Site == "online.bank.example");
        var passwords = tomasz.Where(r => r.Sensitivity.HasFlag(SensitivityTags.PasswordField)).ToList();
        Assert.NotEmpty(passwords);
        Assert.All(passwords, r =>
        {
            Assert.Equal(CaptureKind.Keystrokes, r.Kind);
            var content = JsonDocument.Parse(r.Content!.Json).RootElement;
            Assert.False(content.TryGetProperty("text", out _));
            Assert.Equal("passwordField", content.GetProperty("textWithheld").GetString());
            Assert.True(content.GetProperty("keyCount").GetInt32() >= 8);
        });
        Assert.Contains(tomasz, r => r.TrainingChoice == TrainingChoice.Released);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Record_state_columns_agree_with_the_decision_log(StoreProvider provider)
    {
        var store = await stores.GetAsync(provider);
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        var records = await db.CaptureRecords.AsNoTracking()
            .Select(r => new { r.EmployeeId, r.Id, r.TrainingChoice, r.HasOpenFlag, r.DeletedAt, r.RedactedAt, r.Summary, r.Sensitivity, HasContent = r.Content != null })
            .ToDictionaryAsync(r => (r.EmployeeId, r.Id), Ct);
        var decisions = await db.Decisions.AsNoTracking().ToListAsync(Ct);
        var flags = await db.Flags.AsNoTracking().ToListAsync(Ct);
        ILookup<(string, Guid), DecisionKind> decided = decisions.Where(d => d.RecordId is not null).ToLookup(d => (d.EmployeeId, d.RecordId!.Value), d => d.Kind);

        var withheld = records.Values.Where(r => r.TrainingChoice == TrainingChoice.Withheld).ToList();
        Assert.True(withheld.Count > 10, $"{withheld.Count} withheld");
        Assert.All(withheld, r => Assert.Contains(DecisionKind.Withhold, decided[(r.EmployeeId, r.Id)]));
        Assert.All(decisions.Where(d => d is { Kind: DecisionKind.Withhold, RecordId: not null }),
            d => Assert.Equal(TrainingChoice.Withheld, records[(d.EmployeeId, d.RecordId!.Value)].TrainingChoice));

        var released = records.Values.Where(r => r.TrainingChoice == TrainingChoice.Released).ToList();
        Assert.NotEmpty(released);
        Assert.All(released, r =>
        {
            Assert.Contains(DecisionKind.Release, decided[(r.EmployeeId, r.Id)]);
            Assert.NotEqual(SensitivityTags.None, r.Sensitivity);
        });

        var open = records.Values.Where(r => r.HasOpenFlag).ToList();
        Assert.True(open.Count >= 2, $"{open.Count} open flags");
        Assert.All(open, r => Assert.Contains(flags, f => f.EmployeeId == r.EmployeeId && f.RecordId == r.Id && f.ReviewState == FlagReviewState.Open));
        Assert.All(flags.Where(f => f.ReviewState == FlagReviewState.Open), f => Assert.True(records[(f.EmployeeId, f.RecordId!.Value)].HasOpenFlag));
        Assert.All(flags, f => Assert.Contains(DecisionKind.Flag, decided[(f.EmployeeId, f.RecordId!.Value)]));

        var dismissed = flags.Where(f => f.ReviewState == FlagReviewState.Dismissed).ToList();
        Assert.True(dismissed.Count >= 2);
        Assert.All(dismissed, f =>
        {
            var r = records[(f.EmployeeId, f.RecordId!.Value)];
            Assert.False(r.HasOpenFlag);
            Assert.True(r.HasContent);
            Assert.NotNull(f.ResolvedAt);
            Assert.Contains(DecisionKind.Unflag, decided[(f.EmployeeId, f.RecordId!.Value)]);
        });
        var upheld = flags.Where(f => f.ReviewState == FlagReviewState.Upheld).ToList();
        Assert.True(upheld.Count >= 2);
        Assert.All(upheld, f => Assert.Contains(DecisionKind.Redact, decided[(f.EmployeeId, f.RecordId!.Value)]));

        var redacted = records.Values.Where(r => r.RedactedAt is not null).ToList();
        Assert.Equal(upheld.Count, redacted.Count);
        var deleted = records.Values.Where(r => r.DeletedAt is not null).ToList();
        Assert.True(deleted.Count > 5, $"{deleted.Count} deleted");
        Assert.All(deleted, r => Assert.Contains(DecisionKind.Delete, decided[(r.EmployeeId, r.Id)]));
        Assert.All(deleted.Concat(redacted), r =>
        {
            Assert.False(r.HasContent);
            Assert.Null(r.Summary);
        });
        Assert.All(records.Values.Where(r => r.DeletedAt is null && r.RedactedAt is null), r =>
        {
            Assert.True(r.HasContent);
            Assert.False(string.IsNullOrWhiteSpace(r.Summary));
        });

        var rules = await db.StandingRules.AsNoTracking().ToListAsync(Ct);
        Assert.True(rules.Count(r => r.IsGlobalOptOut) >= 2, "a few employees opted out entirely");
        Assert.Contains(rules, r => r is { Kind: CaptureKind.Keystrokes, Application: null, Site: null });
        Assert.Contains(rules, r => r is { Application: not null, Kind: null });
        Assert.Contains(rules, r => r.Site is not null);
        Assert.All(rules, r => Assert.Contains(decisions, d => d.StandingRuleId == r.Id && d.Kind == DecisionKind.Withhold && d.EmployeeId == r.EmployeeId));

        var hold = Assert.Single(await db.LegalHolds.AsNoTracking().ToListAsync(Ct));
        Assert.Contains("case", hold.Reason);
        Assert.Contains(decisions, d => d.LegalHoldId == hold.Id && d.Kind == DecisionKind.LegalHold && d.ActorRole == ActorRole.PrivacyOfficer);
        Assert.DoesNotContain(deleted, r => r.EmployeeId == hold.EmployeeId);

        var accesses = await db.AccessLog.AsNoTracking().ToListAsync(Ct);
        Assert.True(accesses.Count >= 3);
        Assert.All(accesses, a =>
        {
            Assert.Equal(AccessChannel.HrDisclosureDownload, a.Channel);
            Assert.Equal(ActorRole.HR, a.ActorRole);
            Assert.True(a.RecordCount > 0);
        });
        Assert.Contains(accesses, a => a.EmployeeId == "E00001");
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Uses_list_every_kind_and_purpose_each_employee_feeds_since_its_first_record(StoreProvider provider)
    {
        var store = await stores.GetAsync(provider);
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        var records = await db.CaptureRecords.Select(r => new { r.EmployeeId, r.Kind, r.Purposes, r.CapturedAt }).ToListAsync(Ct);
        var expected = records
            .SelectMany(r => r.Purposes.Each().Select(p => (r.EmployeeId, r.Kind, Purpose: p, r.CapturedAt)))
            .GroupBy(x => (x.EmployeeId, x.Kind, x.Purpose))
            .Select(g => $"{g.Key.EmployeeId} {g.Key.Kind} {g.Key.Purpose} {g.Min(x => x.CapturedAt):O}")
            .Order(StringComparer.Ordinal);

        var uses = (await db.EmployeeUses.ToListAsync(Ct)).Select(u => $"{u.EmployeeId} {u.Kind} {u.Purpose} {u.Since:O}").Order(StringComparer.Ordinal);

        Assert.Equal(expected, uses);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Ef_reads_generated_rows_back_as_written(StoreProvider provider)
    {
        var store = await stores.GetAsync(provider);
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        var raw = new List<(string EmployeeId, Guid Id, DateTime CapturedAt)>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(Ct);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT employee_id, id, captured_at FROM capture_records ORDER BY employee_id, captured_at LIMIT 40";
            await using var reader = await command.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                if (provider == StoreProvider.Sqlite)
                {
                    // EF's own SQLite formats: upper-case Guid text, and this DateTime text exactly.
                    const string format = "yyyy-MM-dd HH:mm:ss.FFFFFFF";
                    var (id, at) = (reader.GetString(1), reader.GetString(2));
                    Assert.Equal(Guid.Parse(id).ToString().ToUpperInvariant(), id);
                    var parsed = DateTime.ParseExact(at, format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
                    Assert.Equal(parsed.ToString(format, CultureInfo.InvariantCulture), at);
                    raw.Add((reader.GetString(0), Guid.Parse(id), parsed));
                }
                else
                    raw.Add((reader.GetString(0), reader.GetGuid(1), reader.GetFieldValue<DateTime>(2)));
            }
        }

        Assert.Equal(40, raw.Count);
        foreach (var (employeeId, id, capturedAt) in raw)
        {
            var record = await db.RecordsOf(new EmployeeId(employeeId)).AsNoTracking().SingleAsync(r => r.Id == id, Ct);
            Assert.Equal(DateTimeKind.Utc, record.CapturedAt.Kind);
            Assert.Equal(capturedAt, record.CapturedAt);
            Assert.Contains(id, await db.CaptureRecords.Where(r => r.CapturedAt >= capturedAt && r.CapturedAt <= capturedAt).Select(r => r.Id).ToListAsync(Ct));
        }

        var all = await db.CaptureRecords.AsNoTracking().Select(r => r.CapturedAt).ToListAsync(Ct);
        var from = Start.AddDays(10);
        var to = Start.AddDays(17);
        Assert.Equal(all.Count(at => at >= from && at < to), await db.CaptureRecords.CountAsync(r => r.CapturedAt >= from && r.CapturedAt < to, Ct));

        var eligibility = await TrainingEligibility.ForAsync(db, End, Ct);
        var eligible = await db.CaptureRecords.CountAsync(eligibility.IsEligible, Ct);
        Assert.InRange(eligible, 1, all.Count - 1);
        var priyaEligible = await db.RecordsOf(new EmployeeId("E00002")).CountAsync(eligibility.IsEligible, Ct);
        Assert.Equal(0, priyaEligible);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Content_has_the_shapes_the_ingestion_api_uses(StoreProvider provider)
    {
        var store = await stores.GetAsync(provider);
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        var samples = await db.CaptureRecords.AsNoTracking()
            .Where(r => r.Content != null)
            .OrderBy(r => r.EmployeeId).ThenBy(r => r.CapturedAt).Take(1500)
            .Select(r => new { r.Kind, r.Sensitivity, r.Summary, r.Content!.Json, HasSnapshot = r.Content.Snapshot != null })
            .ToListAsync(Ct);

        foreach (var group in samples.GroupBy(s => s.Kind))
            Assert.True(group.Count() >= 10, $"{group.Key}: {group.Count()} samples");
        foreach (var sample in samples)
        {
            var json = JsonDocument.Parse(sample.Json).RootElement;
            Assert.Equal(sample.Kind == CaptureKind.ScreenSnapshot, sample.HasSnapshot);
            switch (sample.Kind)
            {
                case CaptureKind.PointerTrajectory:
                    var points = json.GetProperty("points").EnumerateArray().Select(p => p.EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToList();
                    Assert.InRange(points.Count, 20, 80);
                    var (w, h) = (json.GetProperty("screen").GetProperty("w").GetInt32(), json.GetProperty("screen").GetProperty("h").GetInt32());
                    Assert.All(points, p => { Assert.Equal(3, p.Length); Assert.InRange(p[0], 0, w - 1); Assert.InRange(p[1], 0, h - 1); });
                    Assert.True(points.Zip(points.Skip(1)).All(pair => pair.Second[2] > pair.First[2]), "time only moves forward");
                    // Smooth: no single step jumps across a large part of the screen.
                    Assert.True(points.Zip(points.Skip(1)).All(pair => Math.Abs(pair.Second[0] - pair.First[0]) + Math.Abs(pair.Second[1] - pair.First[1]) < w / 3));
                    Assert.StartsWith("Moved the pointer", sample.Summary);
                    break;
                case CaptureKind.Click:
                    Assert.True(json.GetProperty("x").GetInt32() >= 0);
                    Assert.Contains(json.GetProperty("button").GetString(), new[] { "left", "right", "middle" });
                    var target = json.GetProperty("target");
                    Assert.False(string.IsNullOrEmpty(target.GetProperty("role").GetString()));
                    Assert.Contains($"'{target.GetProperty("name").GetString()}'", sample.Summary);
                    break;
                case CaptureKind.Keystrokes when sample.Sensitivity.HasFlag(SensitivityTags.PasswordField):
                    // The shape ingestion stores for a password field: no text at all (ADR 0003).
                    Assert.False(json.TryGetProperty("text", out _));
                    Assert.Equal("passwordField", json.GetProperty("textWithheld").GetString());
                    Assert.True(json.GetProperty("durationMs").GetInt32() > 0);
                    Assert.StartsWith($"Typed {json.GetProperty("keyCount").GetInt32()} keys into a password field", sample.Summary);
                    break;
                case CaptureKind.Keystrokes:
                    var text = json.GetProperty("text").GetString()!;
                    Assert.Equal(text.Length, json.GetProperty("keyCount").GetInt32());
                    Assert.True(json.GetProperty("durationMs").GetInt32() > 0);
                    Assert.StartsWith($"Typed {text.Length} keys", sample.Summary);
                    break;
                case CaptureKind.ScreenSnapshot:
                    Assert.Equal("image/png", json.GetProperty("mediaType").GetString());
                    break;
                case CaptureKind.AppFocus:
                    Assert.True(json.GetProperty("durationMs").GetInt32() > 0);
                    Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("windowTitle").GetString()));
                    Assert.DoesNotContain("{", json.GetProperty("windowTitle").GetString());
                    break;
            }
        }
        var typed = samples.Where(s => s.Kind == CaptureKind.Keystrokes && !s.Sensitivity.HasFlag(SensitivityTags.PasswordField))
            .Select(s => JsonDocument.Parse(s.Json).RootElement.GetProperty("text").GetString()!).ToList();
        Assert.Contains(typed, t => t.Contains('⌫'));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Snapshots_are_png_images_of_the_size_their_json_states(StoreProvider provider)
    {
        var store = await stores.GetAsync(provider);
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        var snapshots = await db.CaptureContents.AsNoTracking()
            .Where(c => c.Snapshot != null)
            .Select(c => new { c.Json, c.Snapshot, c.SnapshotMediaType })
            .ToListAsync(Ct);

        Assert.NotEmpty(snapshots);
        Assert.True(snapshots.Select(s => Convert.ToHexString(SHA256.HashData(s.Snapshot!))).Distinct().Count() >= 10, "snapshots differ by app");
        foreach (var snapshot in snapshots.DistinctBy(s => Convert.ToHexString(SHA256.HashData(s.Snapshot!))))
        {
            Assert.Equal("image/png", snapshot.SnapshotMediaType);
            var json = JsonDocument.Parse(snapshot.Json).RootElement;
            var (width, height) = (json.GetProperty("width").GetInt32(), json.GetProperty("height").GetInt32());
            var png = snapshot.Snapshot!;
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
            Assert.Equal("IHDR", Encoding.ASCII.GetString(png, 12, 4));
            Assert.Equal(width, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
            Assert.Equal(height, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
            Assert.Equal("IEND", Encoding.ASCII.GetString(png, png.Length - 8, 4));
            Assert.Equal((width * 3 + 1) * height, Inflate(IdatOf(png)).Length);
        }
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Same_options_produce_the_same_store(StoreProvider provider)
    {
        var options = new DemoDataOptions { Records = 3_000, Now = TestData.Now, RandomSeed = 7 };
        await using var first = await DemoStores.GenerateAsync(provider, options);
        await using var second = await DemoStores.GenerateAsync(provider, options);
        await using var other = await DemoStores.GenerateAsync(provider, options with { RandomSeed = 8 });

        var a = await FingerprintAsync(first);
        Assert.Equal(3_000 + 1, a.Count);
        Assert.Equal(a, await FingerprintAsync(second));
        Assert.NotEqual(a, await FingerprintAsync(other));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Without_now_the_capture_ends_at_the_current_hour(StoreProvider provider)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 14, 37, 12, TimeSpan.Zero));
        await using var store = await DemoStores.GenerateAsync(provider, new DemoDataOptions { Records = 2_000, Days = 7 }, clock);
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        var first = await db.CaptureRecords.MinAsync(r => r.CapturedAt, Ct);
        var last = await db.CaptureRecords.MaxAsync(r => r.CapturedAt, Ct);
        Assert.True(last < new DateTime(2026, 11, 20, 14, 0, 0, DateTimeKind.Utc), $"last {last:O}");
        Assert.True(first >= new DateTime(2026, 11, 13, 14, 0, 0, DateTimeKind.Utc), $"first {first:O}");
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task A_store_with_employees_is_refused(StoreProvider provider)
    {
        await using var store = await DemoStores.EmptyAsync(provider);
        await TestData.AddEmployeesAsync(store, "E90001");
        var generator = new DemoDataGenerator(store.Contexts, TimeProvider.System);
        await Assert.ThrowsAsync<InvalidOperationException>(() => generator.GenerateAsync(new DemoDataOptions { Records = 100 }, Ct));
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(0, await db.CaptureRecords.CountAsync(Ct));
    }

    [Fact]
    public async Task Generates_the_default_200000_records_on_sqlite()
    {
        await using var store = await DemoStores.EmptyAsync(StoreProvider.Sqlite);
        var options = new DemoDataOptions { Now = TestData.Now };
        var result = await new DemoDataGenerator(store.Contexts, TimeProvider.System).GenerateAsync(options, Ct);

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Generated {result.Records:N0} capture records for {result.Employees} employees in {result.OrgUnits} org units on SQLite in {result.Elapsed.TotalSeconds:0.0} s.");
        Assert.Equal(200_000, result.Records);
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(200_000, await db.CaptureRecords.CountAsync(Ct));
    }

    /// <summary>Every record's id, time, kind, summary and content hash, plus the decision ids, in a stable order.</summary>
    private static async Task<List<string>> FingerprintAsync(TestStore store)
    {
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        var rows = await db.CaptureRecords.AsNoTracking()
            .OrderBy(r => r.EmployeeId).ThenBy(r => r.CapturedAt).ThenBy(r => r.Id)
            .Select(r => new { r.EmployeeId, r.Id, r.CapturedAt, r.Kind, r.Summary, r.TrainingChoice, Json = r.Content != null ? r.Content.Json : null, Snapshot = r.Content != null ? r.Content.Snapshot : null })
            .ToListAsync(Ct);
        var decisions = await db.Decisions.AsNoTracking().Select(d => d.Id).ToListAsync(Ct);
        return
        [
            .. rows.Select(r => $"{r.EmployeeId} {r.Id} {r.CapturedAt:O} {r.Kind} {r.TrainingChoice} {r.Summary} {Hash(r.Json)} {Hash(r.Snapshot)}"),
            string.Join(",", decisions.Order()),
        ];
    }

    private static string Hash(string? text) => text is null ? "-" : Hash(Encoding.UTF8.GetBytes(text));

    private static string Hash(byte[]? bytes) => bytes is null ? "-" : Convert.ToHexString(SHA256.HashData(bytes));

    private static byte[] IdatOf(byte[] png)
    {
        using var data = new MemoryStream();
        for (var at = 8; at < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            if (Encoding.ASCII.GetString(png, at + 4, 4) == "IDAT")
                data.Write(png, at + 8, length);
            at += 12 + length;
        }
        return data.ToArray();
    }

    private static byte[] Inflate(byte[] zlib)
    {
        using var output = new MemoryStream();
        using (var inflate = new ZLibStream(new MemoryStream(zlib), CompressionMode.Decompress))
            inflate.CopyTo(output);
        return output.ToArray();
    }
}
