using Bunit;
using MudBlazor;
using Transparency.Core.AccessLog;
using Transparency.Core.EventStore;
using Transparency.Testing;
using AccessPage = Transparency.Web.Components.Pages.My.AccessPage;

namespace Transparency.Web.Tests.Components;

/// <summary>E1's data was read three times (HR, the privacy officer, a training export); E2's twice (HR, the same export); E3's never.</summary>
public sealed class AccessPageTests : SignedInEmployeeContext
{
    private static readonly Guid Batch = Guid.Parse("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");

    protected override async Task SeedAsync()
    {
        await using var db = await Store.Contexts.CreateDbContextAsync(Ct);
        db.AccessLog.AddRange(
            AccessLogService.Entry("E1", TestData.Now.AddDays(-3), "E00005", ActorRole.HR, AccessChannel.HrDisclosureDownload, "Subject access request"),
            AccessLogService.Entry("E1", TestData.Now.AddDays(-2), "E00006", ActorRole.PrivacyOfficer, AccessChannel.PrivacyOfficerReview, "Reviewing your flag"),
            // A store that logged exports as access-log rows too, before the receipts became the entry: shown once.
            AccessLogService.Entry("E1", TestData.Now.AddHours(-5), "training-pipeline", ActorRole.Service, AccessChannel.TrainingExport, null, 120, Batch),
            AccessLogService.Entry("E2", TestData.Now.AddHours(-1), "E00005", ActorRole.HR, AccessChannel.HrDisclosureDownload, "E2's own request"));
        // The training export is the batch that carried 120 of E1's records and 7 of E2's.
        var client = new ApiClient
        {
            Id = Guid.NewGuid(), Name = "training-pipeline", KeyPrefix = "tr_test", KeyHash = "hash", Scopes = "training:read", CreatedAt = TestData.Now.AddDays(-9),
        };
        db.ApiClients.Add(client);
        db.ExportBatches.Add(new ExportBatch { Id = Batch, ApiClientId = client.Id, StartedAt = TestData.Now.AddHours(-5), RecordCount = 127 });
        db.ExportReceipts.AddRange(Enumerable.Range(0, 127).Select(i => new ExportReceipt
        {
            EmployeeId = i < 120 ? "E1" : "E2", RecordId = Guid.NewGuid(), ExportBatchId = Batch, ExportedAt = TestData.Now.AddHours(-5),
        }));
        await db.SaveChangesAsync(Ct);
    }

    [Fact]
    public void Lists_only_the_employees_own_accesses_newest_first_in_words()
    {
        SignInAs("E1");

        var cut = RenderPage<AccessPage>();

        cut.WaitForAssertion(() => Assert.Equal(3, Rows(cut).Count));
        Assert.Equal("Who accessed my data", Assert.Single(cut.FindAll("h1")).TextContent.Trim());
        Assert.Equal(["Training export", "Privacy officer review", "HR disclosure download"], Rows(cut).Select(r => Cell(r, "Through")));
        Assert.Equal(["2026-11-20 07:00", "2026-11-18 12:00", "2026-11-17 12:00"], Rows(cut).Select(r => Cell(r, "When (UTC)")));
        Assert.Equal("Service training-pipeline", Cell(Rows(cut)[0], "Who"));
        Assert.Equal("120", Cell(Rows(cut)[0], "Records"));
        Assert.Contains(Batch.ToString(), Cell(Rows(cut)[0], "Why"));
        Assert.Equal("Privacy officer E00006", Cell(Rows(cut)[1], "Who"));
        Assert.Equal("Reviewing your flag", Cell(Rows(cut)[1], "Why"));
        Assert.Equal("HR E00005", Cell(Rows(cut)[2], "Who"));
        Assert.Equal("All held at the time", Cell(Rows(cut)[2], "Records"));
        Assert.DoesNotContain("E2's own request", cut.Markup);
    }

    [Fact]
    public void Filters_by_channel()
    {
        SignInAs("E1");
        var cut = RenderPage<AccessPage>();
        cut.WaitForAssertion(() => Assert.Equal(3, Rows(cut).Count));

        Choose(cut.FindComponent<MudSelect<AccessChannel?>>(), "HR disclosure download");

        cut.WaitForAssertion(() => Assert.Equal("Subject access request", Cell(Assert.Single(Rows(cut)), "Why")));
    }

    [Fact]
    public void Filters_by_date_range_and_explains_a_range_that_ends_before_it_starts()
    {
        SignInAs("E1");
        var cut = RenderPage<AccessPage>();
        cut.WaitForAssertion(() => Assert.Equal(3, Rows(cut).Count));

        cut.Find("input#access-from").Change("2026-11-18");
        cut.Find("input#access-to").Change("2026-11-18");
        cut.WaitForAssertion(() => Assert.Equal("Privacy officer review", Cell(Assert.Single(Rows(cut)), "Through")));

        cut.Find("input#access-to").Change("2026-11-17");
        cut.WaitForAssertion(() => Assert.Equal("The date range starts (2026-11-18) after it ends (2026-11-17).", Text(cut.Find("[data-testid='access-problem']"))));
    }

    [Fact]
    public void Without_any_access_says_nobody_else_looked()
    {
        SignInAs("E3");

        var cut = RenderPage<AccessPage>();

        cut.WaitForAssertion(() => Assert.Equal("Nobody but you has accessed your data.", cut.Find("[data-testid='access-empty']").TextContent.Trim()));
        Assert.Empty(Rows(cut));
    }

    private static IReadOnlyList<AngleSharp.Dom.IElement> Rows(IRenderedComponent<AccessPage> cut) =>
        cut.FindAll("tbody tr").Where(r => r.QuerySelector("td[data-label]") is not null).ToList();

    private static string Cell(AngleSharp.Dom.IElement row, string label) =>
        Text(row.QuerySelector($"td[data-label='{label}']") ?? throw new InvalidOperationException($"No cell labelled {label}."));
}
