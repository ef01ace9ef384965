using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Transparency.Core.AccessLog;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Testing;

namespace Transparency.Core.Tests.AccessLog;

/// <summary>Logging a read of someone's data: the one way downloads and reviews write the access log the employee reads.</summary>
public sealed class AccessLogRecordTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task A_logged_read_shows_in_that_employees_log_only(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await TestData.AddEmployeesAsync(store, "E-1", "E-2");
        var service = new AccessLogService(store.Contexts, new FakeTimeProvider(new DateTimeOffset(TestData.Now)));

        var id = await service.RecordAsync(new EmployeeId("E-1"),
            new AccessRecord("hr.anna", ActorRole.HR, AccessChannel.HrDisclosureDownload, "  Subject access request of 2026-11-30  ", 42), Ct);

        var own = Assert.Single((await service.ListAsync(new EmployeeId("E-1"), new AccessFilter(), 0, 50, Ct)).Entries);
        Assert.Equal((id, TestData.Now, AccessChannel.HrDisclosureDownload, ActorRole.HR, "hr.anna", "Subject access request of 2026-11-30", 42),
            (own.Id, own.At, own.Channel, own.ActorRole, own.ActorId, own.Why, own.RecordCount));
        Assert.Empty((await service.ListAsync(new EmployeeId("E-2"), new AccessFilter(), 0, 50, Ct)).Entries);
    }

    [Theory]
    [InlineData("", "Review of flag 12", 1)]
    [InlineData("officer.kim", "  ", 1)]
    [InlineData("officer.kim", "Review of flag 12", -1)]
    public async Task An_access_without_who_why_or_a_sensible_count_is_refused_and_logs_nothing(string actor, string why, int records)
    {
        await using var store = await TestStore.CreateAsync(StoreProvider.Sqlite);
        await TestData.AddEmployeesAsync(store, "E-1");
        var service = new AccessLogService(store.Contexts, TimeProvider.System);

        await Assert.ThrowsAsync<ArgumentException>(() => service.RecordAsync(new EmployeeId("E-1"),
            new AccessRecord(actor, ActorRole.PrivacyOfficer, AccessChannel.PrivacyOfficerReview, why, records), Ct));

        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(0, await db.AccessLog.CountAsync(Ct));
    }

    [Fact]
    public async Task A_training_export_is_not_logged_as_a_row_since_its_receipts_are_its_log()
    {
        await using var store = await TestStore.CreateAsync(StoreProvider.Sqlite);
        await TestData.AddEmployeesAsync(store, "E-1");
        var service = new AccessLogService(store.Contexts, TimeProvider.System);

        await Assert.ThrowsAsync<ArgumentException>(() => service.RecordAsync(new EmployeeId("E-1"),
            new AccessRecord("training", ActorRole.Service, AccessChannel.TrainingExport, AccessLogService.TrainingExportWhy, 10), Ct));
    }
}
