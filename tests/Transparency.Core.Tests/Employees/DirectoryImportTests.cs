using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Transparency.Core.Rollups;
using Transparency.Core.Decisions;
using Transparency.Core.Employees;
using Transparency.Core.EventStore;
using Transparency.Core.Ingestion;
using Transparency.Core.Policies;
using Transparency.Testing;

namespace Transparency.Core.Tests.Employees;

/// <summary>
/// The HR system's export becomes the store's employees and org units: checked whole (a bad file writes nothing and
/// says every line to fix), idempotent, following moves in the reports from the move on, and refusing capture from
/// leavers after their last working day.
/// </summary>
public sealed class DirectoryImportTests
{
    private const string Header = "employee_id,display_name,org_unit,sign_in_name,object_id,start_date,leave_date";
    private static readonly string Platform = OrgUnitPaths.IdOf("Engineering/Platform");
    private static readonly string Apps = OrgUnitPaths.IdOf("Engineering/Apps");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Sample { get; } = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "samples", "directory.csv"));

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Sample_file_imports_its_employees_with_their_fields_and_the_org_unit_tree(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var clock = new FakeTimeProvider(TestData.Now);

        var result = await ImportAsync(store, clock, Sample);

        Assert.True(result.Written);
        Assert.Equal((12, 0, 0, 1), Counts(result.Plan!));
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        var units = await db.OrgUnits.AsNoTracking().ToDictionaryAsync(u => u.Id, Ct);
        Assert.Equal(7, units.Count);
        string Path(string id) => units[id].ParentId is { } parent ? $"{Path(parent)}/{units[id].Name}" : units[id].Name;
        Assert.Equal(
            ["Customer Support", "Customer Support/Escalations", "Customer Support/Frontline", "Engineering", "Engineering/Apps", "Engineering/Data", "Engineering/Platform"],
            units.Keys.Select(Path).Order(StringComparer.Ordinal));
        Assert.All(units.Keys, id => Assert.Equal(OrgUnitPaths.IdOf(Path(id)), id));

        var employees = await db.Employees.AsNoTracking().ToDictionaryAsync(e => e.Id, Ct);
        Assert.Equal(12, employees.Count);
        Assert.Equal(5, employees.Values.Count(e => Path(e.OrgUnitId).StartsWith("Customer Support/", StringComparison.Ordinal)));
        var niamh = employees["P10006"];
        Assert.Equal("O'Connor, Niamh", niamh.DisplayName);
        Assert.Equal(Apps, niamh.OrgUnitId);
        Assert.Equal("niamh.oconnor@contoso.example", niamh.SignInIdentity);
        Assert.Equal("f7a9c1e3-5b7d-4f0a-8c2e-4d6f8a0b2c16", niamh.ObjectId);
        Assert.Equal(new DateOnly(2018, 11, 5), niamh.StartsOn);
        Assert.Equal(new DateOnly(2026, 10, 30), niamh.LeavesOn);
        Assert.Equal("Tobias Krüger", employees["P10007"].DisplayName);
        Assert.Null(employees["P10010"].ObjectId);
        Assert.Null(employees["P10010"].LeavesOn);
        Assert.Equal(new EmployeeLeaving("P10006", "O'Connor, Niamh", new DateOnly(2026, 10, 30), HasLeft: true), Assert.Single(result.Plan!.Leaving));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Importing_the_same_file_again_changes_nothing(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var clock = new FakeTimeProvider(TestData.Now);
        await ImportAsync(store, clock, Sample);
        var before = await SnapshotAsync(store);
        clock.Advance(TimeSpan.FromDays(1));

        var again = await ImportAsync(store, clock, Sample);

        Assert.True(again.Written);
        Assert.Equal((0, 0, 0, 0), Counts(again.Plan!));
        Assert.Empty(again.Plan!.NewOrgUnits);
        Assert.Equal(12, again.Plan.Unchanged);
        Assert.True(again.Plan.ChangesNothing);
        Assert.Equal(before, await SnapshotAsync(store));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Dry_run_reports_the_plan_and_writes_nothing(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var clock = new FakeTimeProvider(TestData.Now);

        var first = await ImportAsync(store, clock, Sample, dryRun: true);

        Assert.False(first.Written);
        Assert.Equal((12, 0, 0, 1), Counts(first.Plan!));
        Assert.Equal(7, first.Plan!.NewOrgUnits.Count);
        Assert.Empty(await SnapshotAsync(store));

        await ImportAsync(store, clock, Sample);
        var before = await SnapshotAsync(store);
        var changed = Sample
            .Replace("P10002,Lukas Brenner,Engineering/Platform", "P10002,Lukas Brenner-Vogt,Engineering/Apps")
            .Replace("P10005,Hanna Lindqvist,Engineering/Apps,hanna.lindqvist@contoso.example,e2f4b6d8-0a1c-4e3f-9d5b-7c9e1a3b5d15,2022-04-19,",
                "P10005,Hanna Lindqvist,Engineering/Apps,hanna.lindqvist@contoso.example,e2f4b6d8-0a1c-4e3f-9d5b-7c9e1a3b5d15,2022-04-19,2027-03-31")
            + "P10013,Ines Duarte,Engineering/Security,ines.duarte@contoso.example,,2026-12-01,\n";

        var plan = (await ImportAsync(store, clock, changed, dryRun: true)).Plan!;

        Assert.Equal((1, 2, 1, 1), Counts(plan));
        Assert.Equal(new PlannedOrgUnit(OrgUnitPaths.IdOf("Engineering/Security"), "Security", OrgUnitPaths.IdOf("Engineering"), "Engineering/Security"),
            Assert.Single(plan.NewOrgUnits));
        Assert.Equal(new PlannedEmployee("P10013", "Ines Duarte", "Engineering/Security"), Assert.Single(plan.Added));
        Assert.Equal(new EmployeeMove("P10002", "Lukas Brenner-Vogt", "Engineering/Platform", "Engineering/Apps"), Assert.Single(plan.Moved));
        Assert.Equal([new FieldChange("display_name", "Lukas Brenner", "Lukas Brenner-Vogt")], plan.Changed.Single(c => c.EmployeeId == "P10002").Fields);
        Assert.Equal([new FieldChange("leave_date", null, "2027-03-31")], plan.Changed.Single(c => c.EmployeeId == "P10005").Fields);
        Assert.Equal(new EmployeeLeaving("P10005", "Hanna Lindqvist", new DateOnly(2027, 3, 31), HasLeft: false), Assert.Single(plan.Leaving));
        Assert.Equal(10, plan.Unchanged);
        Assert.Equal(before, await SnapshotAsync(store));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task A_file_with_one_bad_line_writes_nothing_and_names_the_line_and_field(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var bad = Sample.Replace("2018-11-05,2026-10-30", "2018-11-05,2026-13-01");

        var result = await ImportAsync(store, new FakeTimeProvider(TestData.Now), bad);

        Assert.False(result.Written);
        Assert.Null(result.Plan);
        Assert.Equal("line 7, leave_date: '2026-13-01' is not a date (yyyy-MM-dd)", Assert.Single(result.Problems).ToString());
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(0, await db.Employees.CountAsync(Ct));
        Assert.Equal(0, await db.OrgUnits.CountAsync(Ct));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Every_bad_line_is_reported_with_its_field(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var csv = string.Join('\n',
            Header,
            "E1,Ada Lovelace,Engineering/Platform,ada@example.org,3f6c1b2a-8d4e-4c7a-9b1e-2a5d7c9e0f11,2020-01-01,",
            ",No Id,Engineering,noid@example.org,,,",
            $"{new string('x', 65)},Long Id,Engineering,long@example.org,,,",
            $"E3,{new string('n', 201)},Engineering,e3@example.org,,,",
            "E1,Ada Again,Engineering,ada2@example.org,,,",
            "E4,Bad Guid,Engineering,e4@example.org,not-a-guid,,",
            "E5,Same Guid,Engineering,e5@example.org,3F6C1B2A-8D4E-4C7A-9B1E-2A5D7C9E0F11,,",
            "E6,Leaves Early,Engineering,e6@example.org,,2024-05-01,2024-04-30",
            "E7,Nul\0Name,Engineering,e7@example.org,,,",
            "E8,Tab\tName,Engineering,e8@example.org,,,",
            "E9,Empty Segment,Engineering//Platform,e9@example.org,,,",
            "E10,No Unit,,e10@example.org,,,",
            "E11,No Sign-in,Engineering,,,,",
            "E12,Bad Start,Engineering,e12@example.org,,01.02.2024,",
            "E13,Short Line,Engineering",
            "E14,Fine,Engineering/Apps,e14@example.org,,,") + "\n";

        var result = await ImportAsync(store, new FakeTimeProvider(TestData.Now), csv);

        Assert.Equal(
            [
                (3, "employee_id"), (4, "employee_id"), (5, "display_name"), (6, "employee_id"), (7, "object_id"), (8, "object_id"),
                (9, "leave_date"), (10, "display_name"), (11, "display_name"), (12, "org_unit"), (13, "org_unit"), (14, "sign_in_name"),
                (15, "start_date"), (16, "fields"), (16, "sign_in_name"),
            ],
            result.Problems.Select(p => (p.Line, p.Field)));
        Assert.Contains("'E1' is on line 2 already", result.Problems.Single(p => p.Line == 6).Message);
        Assert.Contains("'3f6c1b2a-8d4e-4c7a-9b1e-2a5d7c9e0f11' is on line 2 already", result.Problems.Single(p => p.Line == 8).Message);
        Assert.Equal("line 9, leave_date: '2024-04-30' is before the start_date '2024-05-01'", result.Problems.Single(p => p.Line == 9).ToString());
        Assert.Equal("line 10, display_name: contains the control character U+0000", result.Problems.Single(p => p.Line == 10).ToString());
        Assert.Equal("line 4, employee_id: is 65 characters long; at most 64 are allowed", result.Problems.Single(p => p.Line == 4).ToString());
        Assert.False(result.Written);
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(0, await db.Employees.CountAsync(Ct));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task An_empty_file_a_missing_column_and_a_header_without_lines_are_refused(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var clock = new FakeTimeProvider(TestData.Now);

        var empty = await ImportAsync(store, clock, "");
        var noLeaveDate = await ImportAsync(store, clock, "employee_id,display_name,org_unit,sign_in_name,object_id,start_date\nE1,Ada,Engineering,ada@example.org,,\n");
        var headerOnly = await ImportAsync(store, clock, Header + "\n");

        Assert.StartsWith("The file is empty", Assert.Single(empty.Problems).Message);
        var missing = Assert.Single(noLeaveDate.Problems);
        Assert.Equal((1, "leave_date"), (missing.Line, missing.Field));
        Assert.Equal("The file has a header but no employees.", Assert.Single(headerOnly.Problems).Message);
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(0, await db.Employees.CountAsync(Ct));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task An_object_id_linked_to_another_employee_in_the_store_is_refused(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var clock = new FakeTimeProvider(TestData.Now);
        await ImportAsync(store, clock, Sample);
        var before = await SnapshotAsync(store);

        // A partial export whose line for Kenji carries Amira's object id.
        var result = await ImportAsync(store, clock, string.Join('\n', Header,
            "P10004,Kenji Watanabe,Engineering/Apps,kenji.watanabe@contoso.example,3f6c1b2a-8d4e-4c7a-9b1e-2a5d7c9e0f11,2020-06-01,") + "\n");

        Assert.Equal("line 2, object_id: '3f6c1b2a-8d4e-4c7a-9b1e-2a5d7c9e0f11' is linked to employee 'P10001' in the store already; an object id belongs to one employee",
            Assert.Single(result.Problems).ToString());
        Assert.False(result.Written);
        Assert.Equal(before, await SnapshotAsync(store));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task A_partial_export_leaves_other_employees_and_an_existing_object_id_link_alone(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var clock = new FakeTimeProvider(TestData.Now);
        await ImportAsync(store, clock, Sample);

        // Amira alone, without her object id: the link stays, the other eleven stay as they were.
        var partial = string.Join('\n', Header, "P10001,Amira Haddad,Engineering/Platform,amira.haddad@contoso.example,,2019-03-01,") + "\n";
        var result = await ImportAsync(store, clock, partial);

        Assert.Equal(11, result.Plan!.NotInFile);
        Assert.Equal(1, result.Plan.Unchanged);
        Assert.Empty(result.Plan.Changed);
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        Assert.Equal("3f6c1b2a-8d4e-4c7a-9b1e-2a5d7c9e0f11", await db.Employees.Where(e => e.Id == "P10001").Select(e => e.ObjectId).SingleAsync(Ct));
        Assert.Equal(12, await db.Employees.CountAsync(Ct));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task A_moved_employees_records_count_in_the_old_unit_before_the_move_and_in_the_new_unit_after_it(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await TestData.AddEmployeesAsync(store); // the processing register
        var clock = new FakeTimeProvider(TestData.Now);
        await ImportAsync(store, clock, Sample);
        var moveAt = TestData.Now.AddDays(1);
        // One week (Monday 16 November 2026) holds records from before and after the move.
        var week = UsageWeeks.StartOf(moveAt);
        await AddRecordsAsync(store, "P10002", Enumerable.Range(1, 6).Select(i => TestData.Now.AddHours(-12 * i)).ToArray());
        await AddRecordsAsync(store, "P10001", TestData.Now.AddHours(-5), TestData.Now.AddHours(-30));
        await AddRecordsAsync(store, "P10004", TestData.Now.AddHours(-7));
        var rollup = Rollup(store, clock);
        await rollup.RefreshAsync(Ct);
        Assert.Equal((8, 2), await UnitWeekAsync(store, Platform, week));
        Assert.Equal((1, 1), await UnitWeekAsync(store, Apps, week));

        clock.SetUtcNow(moveAt);
        var moved = await ImportAsync(store, clock, Sample.Replace("P10002,Lukas Brenner,Engineering/Platform", "P10002,Lukas Brenner,Engineering/Apps"));
        Assert.Equal((0, 0, 1, 0), Counts(moved.Plan!));
        await using (var db = await store.Contexts.CreateDbContextAsync(Ct))
        {
            var membership = await db.PastMemberships.AsNoTracking().SingleAsync(Ct);
            Assert.Equal(("P10002", Platform, moveAt), (membership.EmployeeId, membership.OrgUnitId, membership.Until));
            Assert.Equal(Apps, await db.Employees.Where(e => e.Id == "P10002").Select(e => e.OrgUnitId).SingleAsync(Ct));
            // The move's week is recounted in both units.
            Assert.Equal(new[] { Apps, Platform }.Order(StringComparer.Ordinal),
                (await db.UsageCellRefreshes.Where(m => m.WeekStart == week).Select(m => m.OrgUnitId).ToListAsync(Ct)).Order(StringComparer.Ordinal));
        }
        await rollup.RefreshAsync(Ct);
        // What was captured before the move stays where it was counted.
        Assert.Equal((8, 2), await UnitWeekAsync(store, Platform, week));
        Assert.Equal((1, 1), await UnitWeekAsync(store, Apps, week));

        // After the move: four records captured in the new unit, and one captured before it that arrives late.
        await AddRecordsAsync(store, "P10002", Enumerable.Range(1, 4).Select(i => moveAt.AddHours(5 * i)).ToArray());
        await AddRecordsAsync(store, "P10002", received: moveAt.AddHours(2), moveAt.AddMinutes(-30));
        clock.SetUtcNow(moveAt.AddDays(1));
        await rollup.RefreshAsync(Ct);

        Assert.Equal((9, 2), await UnitWeekAsync(store, Platform, week));
        Assert.Equal((5, 2), await UnitWeekAsync(store, Apps, week));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task An_act_on_records_from_before_a_move_is_counted_in_the_unit_they_were_captured_in(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await TestData.AddEmployeesAsync(store);
        var clock = new FakeTimeProvider(TestData.Now);
        await ImportAsync(store, clock, Sample);
        var before = TestData.Now.AddDays(-10);
        var records = await AddRecordsAsync(store, "P10002", before, before.AddHours(1));
        var rollup = Rollup(store, clock);
        await rollup.RefreshAsync(Ct);
        clock.Advance(TimeSpan.FromDays(1));
        await ImportAsync(store, clock, Sample.Replace("P10002,Lukas Brenner,Engineering/Platform", "P10002,Lukas Brenner,Engineering/Apps"));
        await rollup.RefreshAsync(Ct);

        await new DecisionService(store.Contexts, clock, store.Erasure).WithholdAsync(new EmployeeId("P10002"), ActTarget.One(records[0]), Ct);
        clock.Advance(TimeSpan.FromMinutes(1));
        await rollup.RefreshAsync(Ct);

        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        var cells = await db.UsageCells.AsNoTracking().Where(c => c.WeekStart == UsageWeeks.StartOf(before)).ToListAsync(Ct);
        Assert.All(cells, c => Assert.Equal(Platform, c.OrgUnitId));
        var allKinds = Assert.Single(cells, c => c.Kind == UsageCell.AllKinds);
        Assert.Equal(1, allKinds.Values[(int)UsageMeasure.WithheldByDecision]);
        Assert.Equal(2, allKinds.Values[(int)UsageMeasure.FeedsTraining]);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task A_leavers_records_captured_after_their_last_day_are_refused_and_earlier_ones_accepted(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await TestData.AddEmployeesAsync(store);
        var clock = new FakeTimeProvider(TestData.Now);
        await ImportAsync(store, clock, Sample);
        var ingestion = new IngestionService(store.Contexts, new IngestionOptions(), clock);
        // Niamh's last working day is 30 October 2026 (UTC).
        var onLastDay = CaptureBatches.Keystrokes("P10006", capturedAt: new DateTime(2026, 10, 30, 23, 30, 0, DateTimeKind.Utc));
        var dayAfter = CaptureBatches.Keystrokes("P10006", capturedAt: new DateTime(2026, 10, 31, 0, 0, 0, DateTimeKind.Utc));
        var colleague = CaptureBatches.Keystrokes("P10005");

        var refused = await ingestion.IngestAsync(Request(CaptureBatches.Json(colleague, dayAfter)), Ct);
        var accepted = await ingestion.IngestAsync(Request(CaptureBatches.Json(onLastDay)), Ct);

        Assert.Equal(422, refused.StatusCode);
        var error = Assert.Single(refused.Errors);
        Assert.Equal((1, "capturedAt"), (error.Index, error.Field));
        Assert.Equal("Employee 'P10006' left after 2026-10-30, their last working day; records captured after it are refused.", error.Message);
        Assert.Equal(200, accepted.StatusCode);
        Assert.Equal(1, JsonDocument.Parse(accepted.ResponseJson!).RootElement.GetProperty("accepted").GetInt32());
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        Assert.Equal([CaptureBatches.Id(onLastDay)], await db.CaptureRecords.Select(r => r.Id).ToListAsync(Ct));

        static IngestionRequest Request(byte[] body) => new(Guid.NewGuid(), null, body, NdJson: false);
    }

    private static async Task<DirectoryImportResult> ImportAsync(TestStore store, TimeProvider clock, string csv, bool dryRun = false)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        return await new DirectoryImport(store.Contexts, clock).ImportAsync(stream, dryRun, Ct);
    }

    private static (int Added, int Changed, int Moved, int Leaving) Counts(DirectoryPlan plan) =>
        (plan.Added.Count, plan.Changed.Count, plan.Moved.Count, plan.Leaving.Count);

    /// <summary>Every employee, org unit and past membership, one line each.</summary>
    private static async Task<List<string>> SnapshotAsync(TestStore store)
    {
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        var employees = await db.Employees.AsNoTracking().ToListAsync(Ct);
        var units = await db.OrgUnits.AsNoTracking().ToListAsync(Ct);
        var memberships = await db.PastMemberships.AsNoTracking().ToListAsync(Ct);
        return employees.Select(e => $"employee {e.Id} {e.DisplayName} {e.OrgUnitId} {e.SignInIdentity} {e.ObjectId} {e.StartsOn} {e.LeavesOn}")
            .Concat(units.Select(u => $"unit {u.Id} {u.Name} {u.ParentId}"))
            .Concat(memberships.Select(m => $"membership {m.EmployeeId} {m.OrgUnitId} {m.Until:O}"))
            .Order(StringComparer.Ordinal).ToList();
    }

    private static UsageRollupService Rollup(TestStore store, TimeProvider clock) => UsageRollups.For(store, clock);

    private static Task<List<Guid>> AddRecordsAsync(TestStore store, string employeeId, params DateTime[] capturedAt) =>
        AddRecordsAsync(store, employeeId, received: null, capturedAt);

    private static async Task<List<Guid>> AddRecordsAsync(TestStore store, string employeeId, DateTime? received, params DateTime[] capturedAt)
    {
        var records = capturedAt.Select(at => TestData.Record(employeeId, at)).ToList();
        foreach (var record in records)
            record.ReceivedAt = received ?? record.CapturedAt.AddMinutes(1);
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        db.CaptureRecords.AddRange(records);
        await db.SaveChangesAsync(Ct);
        return records.Select(r => r.Id).ToList();
    }

    /// <summary>An org unit week's records (all of them feed model training) and the distinct employees behind them.</summary>
    private static async Task<(int Records, int Employees)> UnitWeekAsync(TestStore store, string unit, DateTime week)
    {
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        var cell = await db.UsageCells.AsNoTracking()
            .SingleOrDefaultAsync(c => c.OrgUnitId == unit && c.WeekStart == week && c.Kind == UsageCell.AllKinds, Ct);
        return cell is null ? (0, 0) : (cell.Values[(int)UsageMeasure.FeedsTraining], cell.People[(int)UsageMeasure.FeedsTraining]);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Transparency.sln")))
                return dir.FullName;
        throw new DirectoryNotFoundException($"No Transparency.sln in {AppContext.BaseDirectory} or above it.");
    }
}
