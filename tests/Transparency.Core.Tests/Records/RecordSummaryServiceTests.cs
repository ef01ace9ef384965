using Microsoft.Extensions.Time.Testing;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Records;
using Transparency.Testing;
using static Transparency.Core.Tests.Policies.Rules;

namespace Transparency.Core.Tests.Records;

public sealed class RecordSummaryServiceTests(RecordSummaryServiceTests.Stores stores) : IClassFixture<RecordSummaryServiceTests.Stores>
{
    private static readonly EmployeeId Ada = new("SUM-ADA");
    private static readonly EmployeeId Ben = new("SUM-BEN");
    private static readonly EmployeeId Cleo = new("SUM-CLEO");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Summary_counts_the_employees_records_in_the_window_by_training_status(StoreProvider provider)
    {
        var summary = await Service(await stores.ForAsync(provider)).GetAsync(Ada, ct: Ct);

        Assert.Equal(RecordSummaryService.DefaultDays, summary.Days);
        Assert.Equal(TestData.Now.AddDays(-30), summary.Since);
        Assert.Equal(8, summary.Records);
        Assert.Equal(3, summary.TrainingEligible);
        Assert.Equal(2, summary.Withheld);
        Assert.Equal(1, summary.Quarantined);
        Assert.Equal(1, summary.Deleted);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Summary_counts_a_multi_purpose_record_once_per_purpose(StoreProvider provider)
    {
        var summary = await Service(await stores.ForAsync(provider)).GetAsync(Ada, ct: Ct);

        Assert.Equal(
        [
            new(CaptureKind.Click, Purposes.OperationalTelemetry, 1),
            new(CaptureKind.Click, Purposes.Product, 1),
            new(CaptureKind.Click, Purposes.ModelTraining, 1),
            new(CaptureKind.Keystrokes, Purposes.OperationalTelemetry, 4),
            new(CaptureKind.Keystrokes, Purposes.ModelTraining, 4),
            new(CaptureKind.ScreenSnapshot, Purposes.OperationalTelemetry, 1),
            new(CaptureKind.ScreenSnapshot, Purposes.Product, 1),
            new(CaptureKind.ScreenSnapshot, Purposes.ModelTraining, 1),
            new(CaptureKind.AppFocus, Purposes.OperationalTelemetry, 1),
            new(CaptureKind.AppFocus, Purposes.ModelTraining, 1),
        ], summary.ByKindAndPurpose.ToArray<KindPurposeCount>());
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Summary_never_counts_another_employees_records(StoreProvider provider)
    {
        var service = Service(await stores.ForAsync(provider));

        var ben = await service.GetAsync(Ben, ct: Ct);
        // A deleted record counts as deleted only: not also as withheld or quarantined.
        Assert.Equal((4, 0, 3, 0, 1), (ben.Records, ben.TrainingEligible, ben.Withheld, ben.Quarantined, ben.Deleted));
        Assert.Equal(4, ben.ByKindAndPurpose.Where(c => c.Purpose == Purposes.ModelTraining).Sum(c => c.Records));

        var cleo = await service.GetAsync(Cleo, ct: Ct);
        Assert.Equal((0, 0, 0, 0, 0), (cleo.Records, cleo.TrainingEligible, cleo.Withheld, cleo.Quarantined, cleo.Deleted));
        Assert.Empty(cleo.ByKindAndPurpose);
    }

    private static RecordSummaryService Service(TestStore store) =>
        new(store.Contexts, new FakeTimeProvider(new DateTimeOffset(TestData.Now)));

    /// <summary>
    /// Ada: eight records in the 30-day window (three eligible, two withheld, one quarantined, one
    /// deleted, one not for training) and two older ones. Ben opted out entirely; Cleo has nothing.
    /// </summary>
    public sealed class Stores : SeededStores
    {
        protected override async Task SeedAsync(TestStore store)
        {
            await TestData.AddEmployeesAsync(store, Ada.Value, Ben.Value, Cleo.Value);
            var now = TestData.Now;
            const Purposes training = Purposes.OperationalTelemetry | Purposes.ModelTraining;
            const Purposes all = Purposes.OperationalTelemetry | Purposes.Product | Purposes.ModelTraining;
            var (ada, ben) = (Ada.Value, Ben.Value);
            await using var db = await store.Contexts.CreateDbContextAsync();
            db.CaptureRecords.AddRange(
                TestData.Record(ada, now.AddHours(-1)),
                TestData.Record(ada, now.AddDays(-2), CaptureKind.ScreenSnapshot, all),
                TestData.Record(ada, now.AddDays(-3)).With(r => r.TrainingChoice = TrainingChoice.Withheld),
                TestData.Record(ada, now.AddDays(-4), CaptureKind.AppFocus, training),
                TestData.Record(ada, now.AddDays(-5), CaptureKind.Click, training).With(r => r.HasOpenFlag = true),
                TestData.Record(ada, now.AddDays(-6)).With(r => r.DeletedAt = now.AddDays(-1)),
                TestData.Record(ada, now.AddDays(-7), CaptureKind.Click, Purposes.Product),
                TestData.Record(ada, now.AddDays(-30).AddMinutes(1)),
                // Before the window: would change every figure if counted.
                TestData.Record(ada, now.AddDays(-30).AddMinutes(-1)),
                TestData.Record(ada, now.AddDays(-60), CaptureKind.ScreenSnapshot, all)
                    .With(r => { r.TrainingChoice = TrainingChoice.Withheld; r.HasOpenFlag = true; r.DeletedAt = now.AddDays(-50); }),
                TestData.Record(ben, now.AddHours(-2), CaptureKind.Click, all),
                TestData.Record(ben, now.AddHours(-3), CaptureKind.Click, all),
                TestData.Record(ben, now.AddDays(-1)).With(r => { r.TrainingChoice = TrainingChoice.Withheld; r.HasOpenFlag = true; r.DeletedAt = now; }),
                TestData.Record(ben, now.AddDays(-1), CaptureKind.AppFocus, training));
            db.StandingRules.AddRange(Rule(ada, kind: CaptureKind.AppFocus), GlobalOptOut(ben));
            await db.SaveChangesAsync();
        }
    }
}
