using AngleSharp.Dom;
using Bunit;
using Transparency.Core.AccessLog;
using Transparency.Core.EventStore;
using Transparency.Testing;
using Transparency.Web.Components.Shared;
using AccessPage = Transparency.Web.Components.Pages.My.AccessPage;

namespace Transparency.Web.Tests.Components;

/// <summary>
/// The access log page as the server renders it for an address. E1's data was read three times (HR, the privacy officer, a
/// training export); E2's twice (HR, the same export); E3's never; E4's thirty-two times in March 2020 (thirty reviews by
/// the privacy officer, two HR downloads).
/// </summary>
public sealed class AccessPageTests : SignedInEmployeeContext
{
    private static readonly Guid Batch = Guid.Parse("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");

    protected override async Task SeedAsync()
    {
        await TestData.AddEmployeesAsync(Store, "E4");
        await using var db = await Store.Contexts.CreateDbContextAsync(Ct);
        db.AccessLog.AddRange(
            AccessLogService.Entry("E1", TestData.Now.AddDays(-3), "E00005", ActorRole.HR, AccessChannel.HrDisclosureDownload, "Subject access request"),
            AccessLogService.Entry("E1", TestData.Now.AddDays(-2), "E00006", ActorRole.PrivacyOfficer, AccessChannel.PrivacyOfficerReview, "Reviewing your flag"),
            // A store that logged exports as access-log rows too, before the receipts became the entry: shown once.
            AccessLogService.Entry("E1", TestData.Now.AddHours(-5), "training-pipeline", ActorRole.Service, AccessChannel.TrainingExport, null, 120, Batch),
            AccessLogService.Entry("E2", TestData.Now.AddHours(-1), "E00005", ActorRole.HR, AccessChannel.HrDisclosureDownload, "E2's own request"));
        db.AccessLog.AddRange(Enumerable.Range(1, 30).Select(day =>
            AccessLogService.Entry("E4", new DateTime(2020, 3, day, 9, 0, 0, DateTimeKind.Utc), "E00006", ActorRole.PrivacyOfficer,
                AccessChannel.PrivacyOfficerReview, $"Review {day}")));
        db.AccessLog.AddRange(
            AccessLogService.Entry("E4", new DateTime(2020, 3, 10, 15, 0, 0, DateTimeKind.Utc), "E00005", ActorRole.HR, AccessChannel.HrDisclosureDownload, "First request"),
            AccessLogService.Entry("E4", new DateTime(2020, 3, 20, 15, 0, 0, DateTimeKind.Utc), "E00005", ActorRole.HR, AccessChannel.HrDisclosureDownload, "Second request"));
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

        var cut = RenderStaticPage<AccessPage>("/my/access");

        Assert.Equal("Who accessed my data", Assert.Single(cut.FindAll("h1")).TextContent.Trim());
        Assert.Equal(3, Rows(cut).Count);
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
        Assert.Equal("Page 1 of 1", Text(cut.Find("[data-testid='access-page']")));
        Assert.Empty(cut.FindAll("[data-testid='access-problem']"));
    }

    [Fact]
    public void The_filter_is_a_form_that_asks_for_this_page_with_the_filter_in_the_address()
    {
        SignInAs("E1");

        var cut = RenderStaticPage<AccessPage>("/my/access");

        var form = cut.Find("form[data-testid='access-filters']");
        Assert.Equal("get", form.GetAttribute("method"));
        Assert.Equal("/my/access", form.GetAttribute("action"));
        Assert.Equal("search", form.GetAttribute("role"));
        Assert.Equal(["channel", "from", "to"], form.QuerySelectorAll("[name]").Select(f => f.GetAttribute("name")));
        Assert.Equal("Channel", Label(cut, "access-channel"));
        Assert.Equal("From", Label(cut, "access-from"));
        Assert.Equal("To", Label(cut, "access-to"));
        Assert.Equal(["Every channel", "HR disclosure download", "Privacy officer review", "Training export", "Organisation-wide disclosure"],
            cut.FindAll("#access-channel option").Select(Text));
        Assert.Equal("Every channel", Text(cut.Find("#access-channel option[selected]")));
        Assert.Equal("date", cut.Find("#access-from").GetAttribute("type"));
        Assert.Equal("First day (UTC)", Text(cut.Find("#" + cut.Find("#access-from").GetAttribute("aria-describedby"))));
        Assert.Equal("submit", Assert.Single(form.QuerySelectorAll("button")).GetAttribute("type"));
        Assert.Equal("Apply filters", Text(Assert.Single(form.QuerySelectorAll("button"))));
        // Nothing to clear yet.
        Assert.Empty(form.QuerySelectorAll("a"));
    }

    [Fact]
    public void Filters_by_the_channel_in_the_address()
    {
        SignInAs("E1");

        var cut = RenderStaticPage<AccessPage>("/my/access?channel=HrDisclosureDownload");

        Assert.Equal("Subject access request", Cell(Assert.Single(Rows(cut)), "Why"));
        Assert.Equal("HR disclosure download", Text(cut.Find("#access-channel option[selected]")));
        Assert.Equal("/my/access", cut.Find("#access-clear").GetAttribute("href"));
    }

    [Fact]
    public void Filters_by_date_range_and_explains_a_range_that_ends_before_it_starts()
    {
        SignInAs("E1");

        var day = RenderStaticPage<AccessPage>("/my/access?channel=&from=2026-11-18&to=2026-11-18");

        Assert.Equal("Privacy officer review", Cell(Assert.Single(Rows(day)), "Through"));
        Assert.Equal("2026-11-18", day.Find("#access-from").GetAttribute("value"));
        Assert.Equal("2026-11-18", day.Find("#access-to").GetAttribute("value"));
        Assert.Null(day.Find("#access-to").GetAttribute("aria-invalid"));

        var backwards = RenderStaticPage<AccessPage>("/my/access?from=2026-11-18&to=2026-11-17");

        Assert.Equal("The date range starts (2026-11-18) after it ends (2026-11-17).", Text(backwards.Find("[data-testid='access-problem']")));
        Assert.Empty(Rows(backwards));
        Assert.Equal("No access matches these filters.", Text(backwards.Find("[data-testid='access-empty']")));
        Assert.Equal("true", backwards.Find("#access-to").GetAttribute("aria-invalid"));
        // The dates stay in the form, to be corrected.
        Assert.Equal("2026-11-17", backwards.Find("#access-to").GetAttribute("value"));
    }

    [Fact]
    public void Values_the_address_gets_wrong_are_explained_and_ignored()
    {
        SignInAs("E1");

        var cut = RenderStaticPage<AccessPage>("/my/access?channel=Gossip&from=2026-02-30&to=yesterday&page=none&size=7");

        // In the order of the form's fields, then the page's place.
        Assert.Equal(
        [
            "There is no channel \"Gossip\"; accesses through every channel are shown.",
            "\"from\" must be a date like 2026-11-20; \"2026-02-30\" was ignored.",
            "\"to\" must be a date like 2026-11-20; \"yesterday\" was ignored.",
            "\"page\" must be a page number like 2; \"none\" was ignored.",
            "\"size\" must be 25, 50 or 100 rows; \"7\" was ignored.",
        ], cut.FindAll("[data-testid='access-problem']").Select(Text));
        Assert.Equal(3, Rows(cut).Count);
        Assert.Equal("Every channel", Text(cut.Find("#access-channel option[selected]")));
        Assert.Null(cut.Find("#access-from").GetAttribute("value"));
    }

    [Fact]
    public void Pages_are_links_that_keep_the_filter()
    {
        SignInAs("E4");

        var first = RenderStaticPage<AccessPage>("/my/access?channel=PrivacyOfficerReview&from=2020-03-01&to=2020-03-31");

        Assert.Equal(25, Rows(first).Count);
        Assert.Equal("Review 30", Cell(Rows(first)[0], "Why"));
        Assert.Equal("Page 1 of 2", Text(first.Find("[data-testid='access-page']")));
        Assert.Equal("1–25 of 30", Text(first.Find("[data-testid='access-pager'] p:nth-of-type(2)")));
        Assert.True(Button(first.Find("[data-testid='access-pager']"), "Previous").HasAttribute("disabled"));
        Assert.Equal("/my/access?channel=PrivacyOfficerReview&from=2020-03-01&to=2020-03-31&page=2", first.Find("a#access-next").GetAttribute("href"));
        Assert.Equal("/my/access?channel=PrivacyOfficerReview&from=2020-03-01&to=2020-03-31&size=50",
            first.Find("[data-testid='access-pager'] a[aria-label='50 rows per page']").GetAttribute("href"));

        var second = RenderStaticPage<AccessPage>("/my/access?channel=PrivacyOfficerReview&from=2020-03-01&to=2020-03-31&page=2");

        Assert.Equal(["Review 5", "Review 4", "Review 3", "Review 2", "Review 1"], Rows(second).Select(r => Cell(r, "Why")));
        Assert.Equal("Page 2 of 2", Text(second.Find("[data-testid='access-page']")));
        Assert.Equal("/my/access?channel=PrivacyOfficerReview&from=2020-03-01&to=2020-03-31", second.Find("a#access-previous").GetAttribute("href"));
        Assert.True(Button(second.Find("[data-testid='access-pager']"), "Next").HasAttribute("disabled"));
        // Applying another filter starts again at the first page.
        Assert.Empty(second.FindAll("form[data-testid='access-filters'] input[name='page']"));
    }

    [Fact]
    public void A_page_of_another_size_keeps_its_size_in_its_links_and_its_form()
    {
        SignInAs("E4");

        var cut = RenderStaticPage<AccessPage>("/my/access?size=50");

        Assert.Equal(32, Rows(cut).Count);
        Assert.Equal("Page 1 of 1", Text(cut.Find("[data-testid='access-page']")));
        Assert.Equal("50", Text(cut.Find("[data-testid='access-pager'] [aria-current='true']")));
        Assert.Equal("/my/access", cut.Find("[data-testid='access-pager'] a[aria-label='25 rows per page']").GetAttribute("href"));
        Assert.Equal("50", cut.Find("form[data-testid='access-filters'] input[type='hidden'][name='size']").GetAttribute("value"));
    }

    [Fact]
    public void A_page_past_the_end_shows_the_last_page_and_says_so()
    {
        SignInAs("E4");

        var cut = RenderStaticPage<AccessPage>("/my/access?page=9");

        Assert.Equal("There is no page 9: the last page is 2.", Text(cut.Find("[data-testid='access-problem']")));
        Assert.Equal("Page 2 of 2", Text(cut.Find("[data-testid='access-page']")));
        Assert.Equal(7, Rows(cut).Count);
    }

    [Fact]
    public void Without_any_access_says_nobody_else_looked()
    {
        SignInAs("E3");

        var cut = RenderStaticPage<AccessPage>("/my/access");

        Assert.Equal("Nobody but you has accessed your data.", Text(cut.Find("[data-testid='access-empty']")));
        Assert.Empty(Rows(cut));
        Assert.Empty(cut.FindAll("[data-testid='access-pager']"));
    }

    [Fact]
    public void A_filter_value_that_was_ignored_filters_nothing_and_can_be_cleared()
    {
        SignInAs("E3");

        var cut = RenderStaticPage<AccessPage>("/my/access?from=2026-13-01");

        Assert.Equal("\"from\" must be a date like 2026-11-20; \"2026-13-01\" was ignored.", Text(cut.Find("[data-testid='access-problem']")));
        Assert.Equal("Nobody but you has accessed your data.", Text(cut.Find("[data-testid='access-empty']")));
        Assert.Equal("/my/access", cut.Find("#access-clear").GetAttribute("href"));
    }

    [Fact]
    public void Renders_without_a_circuit_or_the_providers_a_circuit_brings()
    {
        SignInAs("E1");

        var cut = RenderStaticPage<AccessPage>("/my/access");

        Assert.Empty(cut.FindComponents<Interactive>());
        Assert.Empty(cut.FindAll("[data-interactive]"));
        Assert.Empty(cut.FindComponents<MudBlazor.MudPopoverProvider>());
    }

    private static string Label(IRenderedComponent<AccessPage> cut, string id) => Text(cut.Find($"label[for='{id}']"));

    private static IReadOnlyList<IElement> Rows(IRenderedComponent<AccessPage> cut) =>
        cut.FindAll("[data-testid='access-table'] tbody tr").Where(r => r.QuerySelector("td[data-label]") is not null).ToList();

    private static string Cell(IElement row, string label) =>
        Text(row.QuerySelector($"td[data-label='{label}']") ?? throw new InvalidOperationException($"No cell labelled {label}."));
}
