using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Records;
using Transparency.Testing;

namespace Transparency.Core.Tests.Policies;

/// <summary>
/// The rule with the training retention read inside each statement (<see cref="TrainingEligibility.InStatement"/>)
/// decides exactly as the rule with the retention read first (<see cref="TrainingEligibility.ForAsync"/>): at the
/// cutoff's edges, whatever the session's time zone, and with the register as it is when the statement runs.
/// </summary>
public sealed class TrainingEligibilityInStatementTests
{
    private const string Employee = "INSTMT-ADA";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Retention_read_in_the_statement_draws_the_cutoff_where_ForAsync_does(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await TestData.AddEmployeesAsync(store, Employee);
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        var cutoff = (await TrainingEligibility.ForAsync(db, TestData.Now, Ct)).RetentionCutoff;
        var offsets = new[] { -86_400_000, -1_000, -1, 0, 1, 1_000, 86_400_000 };
        db.CaptureRecords.AddRange(offsets.Select(ms => TestData.Record(Employee, cutoff.AddMilliseconds(ms))));
        await db.SaveChangesAsync(Ct);

        var before = await ReasonsAsync(db, await TrainingEligibility.ForAsync(db, TestData.Now, Ct));
        var inStatement = await ReasonsAsync(db, TrainingEligibility.InStatement(db, TestData.Now));

        Assert.Equal(before, inStatement);
        Assert.Equal(offsets.Select(ms => ms < 0 ? IneligibilityReasons.OutsideRetention : IneligibilityReasons.None),
            inStatement.OrderBy(r => r.CapturedAt).Select(r => r.Reasons));
        var rule = TrainingEligibility.InStatement(db, TestData.Now);
        Assert.Equal(offsets.Count(ms => ms >= 0), await db.RecordsOf(new EmployeeId(Employee)).CountAsync(rule.IsEligible, Ct));
        Assert.Equal(offsets.Count(ms => ms < 0), await db.RecordsOf(new EmployeeId(Employee)).CountAsync(rule.IsNotEligible, Ct));
        Assert.Throws<InvalidOperationException>(() => rule.RetentionCutoff);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task A_retention_changed_in_the_register_decides_the_next_page(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await TestData.AddEmployeesAsync(store, Employee);
        var record = TestData.Record(Employee, TestData.Now.AddDays(-40));
        await using (var db = await store.Contexts.CreateDbContextAsync(Ct))
        {
            db.CaptureRecords.Add(record);
            await SetTrainingRetentionAsync(db, 60);
            await db.SaveChangesAsync(Ct);
        }
        var records = new RecordQueryService(store.Contexts, new FakeTimeProvider(new DateTimeOffset(TestData.Now)));

        var within = (await records.PageAsync(new EmployeeId(Employee), RecordFilter.All, null, 10, Ct)).Rows.Single();
        await using (var db = await store.Contexts.CreateDbContextAsync(Ct))
        {
            await SetTrainingRetentionAsync(db, 30);
            await db.SaveChangesAsync(Ct);
        }
        var outside = (await records.PageAsync(new EmployeeId(Employee), RecordFilter.All, null, 10, Ct)).Rows.Single();
        var counts = await records.CountAsync(new EmployeeId(Employee), RecordFilter.All, Ct);

        Assert.Equal(IneligibilityReasons.None, within.Reasons);
        Assert.Equal(IneligibilityReasons.OutsideRetention, outside.Reasons);
        Assert.Equal(0, counts.Eligible);
    }

    [Fact]
    public async Task A_day_of_retention_is_24_hours_in_any_session_time_zone()
    {
        // 30 days before 10 April 2026 lies before 29 March, when Berlin moved its clocks forward: counted in
        // Berlin's calendar days the cutoff would be an hour later than 30 × 24 hours.
        var now = new DateTime(2026, 4, 10, 12, 0, 0, DateTimeKind.Utc);
        await using var store = await TestStore.CreateAsync(StoreProvider.Postgres);
        await TestData.AddEmployeesAsync(store, Employee);
        var berlin = new NpgsqlConnectionStringBuilder(store.Options.ConnectionString) { Timezone = "Europe/Berlin" }.ConnectionString;
        var options = new DbContextOptionsBuilder<TransparencyDbContext>();
        CoreRegistration.Configure(options, new StoreOptions { Provider = StoreProvider.Postgres, ConnectionString = berlin });
        await using var db = new TransparencyDbContext(options.Options);
        await SetTrainingRetentionAsync(db, 30);
        db.CaptureRecords.Add(TestData.Record(Employee, now.AddDays(-30).AddMinutes(30)));
        db.CaptureRecords.Add(TestData.Record(Employee, now.AddDays(-30).AddMinutes(-30)));
        await db.SaveChangesAsync(Ct);

        var before = await ReasonsAsync(db, await TrainingEligibility.ForAsync(db, now, Ct));
        var inStatement = await ReasonsAsync(db, TrainingEligibility.InStatement(db, now));

        Assert.Equal(before, inStatement);
        Assert.Equal([IneligibilityReasons.OutsideRetention, IneligibilityReasons.None], inStatement.Select(r => r.Reasons));
    }

    private static async Task SetTrainingRetentionAsync(TransparencyDbContext db, int days) =>
        (await db.Purposes.SingleAsync(p => p.Id == Purposes.ModelTraining, Ct)).RetentionDays = days;

    private static async Task<List<(DateTime CapturedAt, IneligibilityReasons Reasons)>> ReasonsAsync(TransparencyDbContext db, TrainingEligibility rule) =>
        (await db.RecordsOf(new EmployeeId(Employee)).OrderBy(r => r.CapturedAt)
            .Select(rule.Project((CaptureRecord r, IneligibilityReasons reasons) => new { r.CapturedAt, Reasons = reasons }))
            .ToListAsync(Ct))
        .Select(r => (r.CapturedAt, r.Reasons)).ToList();
}
