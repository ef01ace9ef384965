using Microsoft.Extensions.Time.Testing;
using Transparency.Core.EventStore;
using Transparency.Core.Register;
using Transparency.Testing;

namespace Transparency.Core.Tests.Register;

public sealed class ProcessingRegisterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Register_lists_the_three_purposes_with_legal_basis_and_the_kinds_that_feed_each(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await TestData.AddEmployeesAsync(store, "REG-1", "REG-2");
        await using (var db = await store.Contexts.CreateDbContextAsync(Ct))
        {
            db.CaptureRecords.AddRange(
                TestData.Record("REG-1", kind: CaptureKind.Keystrokes, purposes: Purposes.OperationalTelemetry | Purposes.ModelTraining),
                TestData.Record("REG-1", kind: CaptureKind.ScreenSnapshot, purposes: Purposes.OperationalTelemetry),
                TestData.Record("REG-2", kind: CaptureKind.Click, purposes: Purposes.Product),
                TestData.Record("REG-2", kind: CaptureKind.PointerTrajectory, purposes: Purposes.Product | Purposes.ModelTraining));
            await db.SaveChangesAsync(Ct);
        }

        var register = await new ProcessingRegister(store.Contexts, new FakeTimeProvider(new DateTimeOffset(TestData.Now))).ListAsync(Ct);

        Assert.Equal([Purposes.OperationalTelemetry, Purposes.Product, Purposes.ModelTraining], register.Select(p => p.Purpose));
        Assert.Equal([CaptureKind.Keystrokes, CaptureKind.ScreenSnapshot], Entry(Purposes.OperationalTelemetry).Kinds);
        Assert.Equal([CaptureKind.PointerTrajectory, CaptureKind.Click], Entry(Purposes.Product).Kinds);
        Assert.Equal([CaptureKind.PointerTrajectory, CaptureKind.Keystrokes], Entry(Purposes.ModelTraining).Kinds);

        var training = Entry(Purposes.ModelTraining);
        Assert.Contains("consent", training.LegalBasis);
        Assert.Equal("train_ai_system", training.FidesDataUse);
        Assert.True(training.Withholdable);
        Assert.Equal(365, training.RetentionDays);
        Assert.Contains("legitimate interest", Entry(Purposes.OperationalTelemetry).LegalBasis);
        Assert.False(Entry(Purposes.OperationalTelemetry).Withholdable);
        Assert.All(register, p => Assert.False(string.IsNullOrWhiteSpace(p.Recipients)));

        PurposeEntry Entry(Purposes purpose) => register.Single(p => p.Purpose == purpose);
    }
}
