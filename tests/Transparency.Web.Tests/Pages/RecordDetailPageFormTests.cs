using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Transparency.Core.EventStore;
using Transparency.Testing;
using Transparency.Web.Components.Shared;
using Transparency.Web.Tests.Hosting;
using static Transparency.Web.Tests.Hosting.TransparencyAppFactory;

namespace Transparency.Web.Tests.Pages;

/// <summary>
/// The record page's acts through the real app, as a browser without a circuit sends them: the page's form with its
/// antiforgery token, the POST back to the page, the redirect, the page it leads to, and what the store then holds. Each
/// test acts on records of its own.
/// </summary>
public sealed class RecordDetailPageFormTests(TransparencyAppFactory app) : IClassFixture<TransparencyAppFactory>
{
    /// <summary>How the server marks a component it will run in a circuit: the browser opens one for each such marker.</summary>
    private const string ServerComponentMarker = "<!--Blazor:{\"type\":\"server\"";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Opening_the_record_page_opens_no_circuit()
    {
        var record = await AddRecordAsync("E00001");
        using var browser = await SignInAsync("E00001");

        foreach (var address in new[] { "", "?act=flag", "?act=delete", $"?done=withheld&undo={Guid.NewGuid()}" })
        {
            using var response = await browser.Client.GetAsync($"/my/records/{record.Id}{address}", Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync(Ct);
            Assert.Contains(record.Summary!, html);
            Assert.DoesNotContain(ServerComponentMarker, html);
        }
        // The records list still needs a circuit: the marker the check looks for is the one such a page carries.
        using var list = await browser.Client.GetAsync("/my/records", Ct);
        Assert.Contains(ServerComponentMarker, await list.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Withholding_changes_the_status_appends_history_and_offers_undo()
    {
        var record = await AddRecordAsync("E00001");
        using var browser = await SignInAsync("E00001");
        var page = await browser.OpenAsync($"/my/records/{record.Id}");
        Assert.Equal("eligible", Chip(page));

        page = await browser.FollowAsync(await browser.SubmitAsync("training"));

        Assert.Matches($"^/my/records/{record.Id}\\?done=withheld&undo=[0-9a-f-]{{36}}$", browser.Address);
        Assert.Equal("Withheld from model training. Undo", Status(page));
        Assert.Equal("Withheld by you", Text(page.QuerySelector("[data-testid='training'] [data-status]")!));
        Assert.Equal("Withheld by you.", Text(page.QuerySelector("[data-testid='training-headline']")!));
        Assert.StartsWith("Withheld from training · by you ·", Text(Assert.Single(page.QuerySelectorAll("[data-testid='history'] li"))));
        Assert.Equal("Release for training", Text(page.QuerySelector("[data-testid='actions'] button[type='submit']")!));
        Assert.Equal(TrainingChoice.Withheld, (await StoredAsync(record.Id)).TrainingChoice);
    }

    [Fact]
    public async Task Undo_puts_the_record_back_and_both_acts_stay_in_its_history()
    {
        var record = await AddRecordAsync("E00001");
        using var browser = await SignInAsync("E00001");
        await browser.OpenAsync($"/my/records/{record.Id}");
        var page = await browser.FollowAsync(await browser.SubmitAsync("training"));
        var decision = page.QuerySelector("[data-testid='undo']")!.Closest("form")!.QuerySelector("input[name='decision']")!.GetAttribute("value");
        Assert.Equal($"undo={decision}", browser.Address.Split('&')[1]);

        page = await browser.FollowAsync(await browser.SubmitAsync("undo"));

        Assert.Equal($"/my/records/{record.Id}?done=undone", browser.Address);
        Assert.Equal("Undone.", Status(page));
        Assert.Equal("eligible", Chip(page));
        Assert.Equal(["Withheld from training", "Released for training (undo)"], page.QuerySelectorAll("[data-testid='history'] li strong").Select(Text));
        Assert.Equal(TrainingChoice.None, (await StoredAsync(record.Id)).TrainingChoice);

        // Back to the page after the withhold: it no longer says "Withheld", nor offers to undo it again.
        page = await browser.OpenAsync($"/my/records/{record.Id}?done=withheld&undo={decision}");
        Assert.Equal("", Status(page));
        Assert.Empty(page.QuerySelectorAll("[data-testid='undo']"));
    }

    [Fact]
    public async Task Release_says_that_a_standing_rule_still_withholds_the_record()
    {
        const string application = "Rule-covered app";
        var record = await AddRecordAsync("E00001", application: application);
        await using (var db = await app.Store.Contexts.CreateDbContextAsync(Ct))
        {
            db.StandingRules.Add(new StandingRule { EmployeeId = "E00001", Id = Guid.NewGuid(), Application = application, CreatedAt = DateTime.UtcNow.AddDays(-1) });
            await db.SaveChangesAsync(Ct);
        }
        using var browser = await SignInAsync("E00001");
        await browser.OpenAsync($"/my/records/{record.Id}");
        var page = await browser.FollowAsync(await browser.SubmitAsync("training"));
        Assert.Contains("your standing rule still withholds it", Text(page.QuerySelector("[data-testid='training-act-note']")!));

        page = await browser.FollowAsync(await browser.SubmitAsync("training"));

        Assert.StartsWith($"/my/records/{record.Id}?done=released&undo=", browser.Address);
        Assert.Equal("withheld-rule", Chip(page));
        var headline = Text(page.QuerySelector("[data-testid='training-headline']")!);
        Assert.Equal($"Released for model training. It is still not used for training: {headline} Undo", Status(page));
        Assert.Equal(TrainingChoice.None, (await StoredAsync(record.Id)).TrainingChoice);
    }

    [Fact]
    public async Task Delete_asks_first_cancelling_changes_nothing_and_confirming_leaves_a_tombstone()
    {
        var record = await AddRecordAsync("E00001", "draft of the letter");
        using var browser = await SignInAsync("E00001");
        var page = await browser.OpenAsync($"/my/records/{record.Id}?back=%2Fmy%2Frecords%3Fkind%3Dkeystrokes");

        page = await browser.OpenAsync(Link(page.QuerySelector("[data-testid='actions']")!, "Delete"));
        Assert.Equal($"/my/records/{record.Id}?act=delete&back=%2Fmy%2Frecords%3Fkind%3Dkeystrokes", browser.Address);
        var panel = page.QuerySelector("[data-testid='delete-panel']")!;
        Assert.Equal("Delete this record?", Text(panel.QuerySelector("h2")!));
        Assert.Contains("This cannot be undone.", Text(panel));
        page = await browser.OpenAsync(Link(panel, "Cancel"));

        Assert.Empty(page.QuerySelectorAll("[data-testid='delete-panel']"));
        Assert.Equal("draft of the letter", page.QuerySelector("[data-testid='typed-text']")?.TextContent);
        Assert.Equal("Nobody has acted on this record yet.", Text(page.QuerySelector("[data-testid='history-empty']")!));
        Assert.Null((await StoredAsync(record.Id)).DeletedAt);
        Assert.True(await HasContentAsync(record.Id));

        page = await browser.OpenAsync(Link(page.QuerySelector("[data-testid='actions']")!, "Delete"));
        page = await browser.FollowAsync(await browser.SubmitAsync("delete"));

        Assert.Equal($"/my/records/{record.Id}?done=deleted&back=%2Fmy%2Frecords%3Fkind%3Dkeystrokes", browser.Address);
        Assert.Equal("Deleted: the record's content is erased.", Status(page));
        Assert.Contains("You deleted it.", Text(page.QuerySelector("[data-testid='tombstone']")!));
        Assert.Equal(["Record id", "Capture kind", "Captured at", "Deleted at", "Why"], page.QuerySelectorAll("[data-testid='details'] dt").Select(Text));
        Assert.StartsWith("Deleted · by you", Text(page.QuerySelector("[data-testid='history'] li")!));
        Assert.DoesNotContain("draft of the letter", page.DocumentElement.OuterHtml);
        Assert.NotNull((await StoredAsync(record.Id)).DeletedAt);
        Assert.False(await HasContentAsync(record.Id));
    }

    [Fact]
    public async Task Under_a_legal_hold_deletion_is_blocked_and_the_page_says_why()
    {
        const string reason = "Litigation hold for case 2026-114: keep this afternoon's records.";
        var capturedAt = DateTime.UtcNow.AddDays(-3);
        var record = await AddRecordAsync("E00001", capturedAt: capturedAt);
        await using (var db = await app.Store.Contexts.CreateDbContextAsync(Ct))
        {
            db.LegalHolds.Add(new LegalHold
            {
                EmployeeId = "E00001", Id = Guid.NewGuid(), Reason = reason, PlacedBy = "E00005", PlacedAt = DateTime.UtcNow.AddDays(-1),
                CapturedFrom = capturedAt.AddMinutes(-1), CapturedBefore = capturedAt.AddMinutes(1),
            });
            await db.SaveChangesAsync(Ct);
        }
        using var browser = await SignInAsync("E00001");

        var page = await browser.OpenAsync($"/my/records/{record.Id}?act=delete");

        var panel = page.QuerySelector("[data-testid='delete-panel']")!;
        Assert.Equal("This record cannot be deleted now", Text(panel.QuerySelector("h2")!));
        Assert.Contains("A legal hold covers this record, so deleting it is blocked until the privacy officer lifts the hold.", Text(panel));
        Assert.Contains(reason, Text(panel));
        Assert.Empty(panel.QuerySelectorAll("button"));

        // The confirmation as a page opened before the hold would send it: refused, with the hold's reason.
        using var response = await browser.SubmitAsync("delete");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        page = await ParseAsync(response, Ct);
        Assert.Equal($"A legal hold covers this record, so it was not deleted: {reason}", Text(page.QuerySelector("[data-testid='act-error']")!));
        Assert.Equal("hello", page.QuerySelector("[data-testid='typed-text']")?.TextContent);
        Assert.Null((await StoredAsync(record.Id)).DeletedAt);
        Assert.True(await HasContentAsync(record.Id));
    }

    [Fact]
    public async Task Flagging_with_other_needs_a_note_and_then_quarantines_the_record()
    {
        const string note = "It records my partner's messages.";
        var record = await AddRecordAsync("E00001");
        using var browser = await SignInAsync("E00001");
        var page = await browser.OpenAsync($"/my/records/{record.Id}");
        page = await browser.OpenAsync(Link(page.QuerySelector("[data-testid='actions']")!, "Flag"));
        Assert.Equal($"/my/records/{record.Id}?act=flag", browser.Address);

        using (var response = await browser.SubmitAsync("flag"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            page = await browser.ReadAsync(response);
        }
        Assert.Equal("Choose why you flag the record.", Text(page.QuerySelector("[data-testid='category-error']")!));
        // What needs attention takes focus: the first reason.
        Assert.Equal("WrongPerson", page.QuerySelector("input[autofocus]")?.GetAttribute("value"));

        using (var response = await browser.SubmitAsync("flag", ("category", "Other")))
            page = await browser.ReadAsync(response);
        Assert.Empty(page.QuerySelectorAll("[data-testid='category-error']"));
        Assert.Equal("Say in a note what is wrong when the reason is \"Other\".", Text(page.QuerySelector("[data-testid='note-help']")!));
        Assert.Equal("true", page.QuerySelector("textarea[name='note']")!.GetAttribute("aria-invalid"));
        Assert.True(page.QuerySelector("textarea[name='note']")!.HasAttribute("autofocus"));
        // The reason chosen stays chosen.
        Assert.Equal("Other", page.QuerySelector("input[name='category']:checked")?.GetAttribute("value"));
        Assert.Equal("eligible", Chip(page));
        Assert.False((await StoredAsync(record.Id)).HasOpenFlag);

        page = await browser.FollowAsync(await browser.SubmitAsync("flag", ("category", "Other"), ("note", note)));

        Assert.Equal($"/my/records/{record.Id}?done=flagged", browser.Address);
        Assert.Equal("Flagged. The record is kept out of model training until the privacy officer reviews your flag.", Status(page));
        Assert.Equal("Quarantined", Text(page.QuerySelector("[data-testid='training'] [data-status]")!));
        var entry = Text(page.QuerySelector("[data-testid='history'] li")!);
        Assert.StartsWith("Flagged · by you", entry);
        Assert.Contains($"Your note: {note}", entry);
        var flagged = page.QuerySelector("[data-testid='actions']")!.QuerySelectorAll("button").Single(b => Text(b) == "Flagged: awaiting review");
        Assert.True(flagged.HasAttribute("disabled"));
        Assert.True((await StoredAsync(record.Id)).HasOpenFlag);
    }

    [Fact]
    public async Task Undo_refuses_another_employees_act_and_changes_nothing()
    {
        var others = await AddRecordAsync("E00004");
        using (var other = await SignInAsync("E00004"))
        {
            await other.OpenAsync($"/my/records/{others.Id}");
            await other.FollowAsync(await other.SubmitAsync("training"));
        }
        var theirDecision = (await StoredAsync(others.Id)).LastDecisionId!.Value;
        var own = await AddRecordAsync("E00001");
        using var browser = await SignInAsync("E00001");
        await browser.OpenAsync($"/my/records/{own.Id}");

        using var response = await browser.SubmitAsync("undo", ("decision", theirDecision.ToString()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await ParseAsync(response, Ct);
        Assert.Equal("There is no such act of yours to undo.", Text(page.QuerySelector("[data-testid='act-error']")!));
        Assert.Equal(TrainingChoice.Withheld, (await StoredAsync(others.Id)).TrainingChoice);
        Assert.Equal(TrainingChoice.None, (await StoredAsync(own.Id)).TrainingChoice);
    }

    [Fact]
    public async Task Another_employees_record_takes_no_act_as_an_unknown_one_takes_none()
    {
        var others = await AddRecordAsync("E00004");
        var own = await AddRecordAsync("E00001");
        using var browser = await SignInAsync("E00001");
        await browser.OpenAsync($"/my/records/{own.Id}");
        var fields = browser.FieldsOf("training");

        using var atOthers = await browser.Client.PostAsync($"/my/records/{others.Id}", new FormUrlEncodedContent(fields), Ct);
        using var atUnknown = await browser.Client.PostAsync($"/my/records/{Guid.NewGuid()}", new FormUrlEncodedContent(fields), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, atOthers.StatusCode);
        Assert.Equal(atUnknown.StatusCode, atOthers.StatusCode);
        Assert.Equal(await atUnknown.Content.ReadAsStringAsync(Ct), await atOthers.Content.ReadAsStringAsync(Ct));
        Assert.Equal(TrainingChoice.None, (await StoredAsync(others.Id)).TrainingChoice);
        Assert.Null((await StoredAsync(others.Id)).LastDecisionId);
    }

    [Fact]
    public async Task A_form_without_the_antiforgery_token_is_refused_and_changes_nothing()
    {
        var record = await AddRecordAsync("E00001");
        using var browser = await SignInAsync("E00001");
        await browser.OpenAsync($"/my/records/{record.Id}");
        // What a form on another site would send: the fields, without the page's token.
        var fields = browser.FieldsOf("training").Where(f => f.Key != "__RequestVerificationToken");

        using var response = await browser.Client.PostAsync($"/my/records/{record.Id}", new FormUrlEncodedContent(fields), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(TrainingChoice.None, (await StoredAsync(record.Id)).TrainingChoice);
    }

    [Theory]
    [InlineData("Europe/Berlin", "Europe/Berlin")]
    [InlineData("America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires")]
    [InlineData("Mars/Olympus_Mons", null)]
    [InlineData("../../../etc/localtime", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public async Task Times_are_shown_in_the_time_zone_the_browser_names_else_in_utc(string? cookie, string? zone)
    {
        var record = await AddRecordAsync("E00006");
        using var browser = await SignInAsync("E00006", cookie);

        var page = await browser.OpenAsync($"/my/records/{record.Id}");

        var capturedAt = (await StoredAsync(record.Id)).CapturedAt;
        var expected = zone is null
            ? LocalTimes.Utc(capturedAt)
            : $"{LocalTimes.Format(capturedAt, TimeZoneInfo.FindSystemTimeZoneById(zone))} ({LocalTimes.Utc(capturedAt)})";
        Assert.Equal(expected, Facts(page)["Captured at"]);
    }

    // Helpers

    private async Task<CaptureRecord> AddRecordAsync(string employeeId, string typed = "hello", string application = "Outlook", DateTime? capturedAt = null)
    {
        var record = TestData.Record(employeeId, capturedAt ?? DateTime.UtcNow.AddMinutes(-30), CaptureKind.Keystrokes, application: application);
        record.Summary = $"Typed {typed.Length} keys in {application} ({record.Id:N})";
        record.Content!.Json = JsonSerializer.Serialize(new { text = typed, keyCount = typed.Length, durationMs = 4000 });
        await using var db = await app.Store.Contexts.CreateDbContextAsync(Ct);
        db.CaptureRecords.Add(record);
        await db.SaveChangesAsync(Ct);
        return record;
    }

    private async Task<CaptureRecord> StoredAsync(Guid id)
    {
        await using var db = await app.Store.Contexts.CreateDbContextAsync(Ct);
        return await db.CaptureRecords.AsNoTracking().SingleAsync(r => r.Id == id, Ct);
    }

    private async Task<bool> HasContentAsync(Guid id)
    {
        await using var db = await app.Store.Contexts.CreateDbContextAsync(Ct);
        return await db.CaptureContents.AnyAsync(c => c.RecordId == id, Ct);
    }

    /// <summary>A browser of its own (its own cookies, its time zone when given), signed in through the development sign-in.</summary>
    private async Task<Browser> SignInAsync(string employeeId, string? timeZone = null)
    {
        var cookies = new CookieContainer();
        var client = app.CreateDefaultClient(new CookieContainerHandler(cookies));
        if (timeZone is not null)
            cookies.Add(client.BaseAddress!, new Cookie(LocalTimes.Cookie, timeZone));
        var token = await AntiforgeryTokenAsync(client, Ct);
        using var response = await client.PostAsync("/dev/sign-in", Form(token, DemoUser(employeeId).SignInIdentity, "/"), Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return new Browser(client);
    }

    private static string Status(IHtmlDocument page) => Text(page.QuerySelector("[role='status'][data-testid='act-status']")!);

    private static string? Chip(IHtmlDocument page) => page.QuerySelector("[data-testid='training'] [data-status]")?.GetAttribute("data-status");

    private static string Link(IElement scope, string text) =>
        scope.QuerySelectorAll("a").Single(a => Text(a) == text).GetAttribute("href")!;

    private static Dictionary<string, string> Facts(IHtmlDocument page) =>
        page.QuerySelector("[data-testid='details']")!.QuerySelectorAll("dt")
            .ToDictionary(Text, dt => dt.NextElementSibling is { LocalName: "dd" } dd ? Text(dd) : "");

    private static string Text(IElement element) =>
        string.Join(' ', element.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>What a browser does with the record page: opens addresses, sends the page's forms, follows the redirects.</summary>
    private sealed class Browser(HttpClient client) : IDisposable
    {
        public HttpClient Client { get; } = client;

        /// <summary>The address of the page the browser shows (path and query).</summary>
        public string Address { get; private set; } = "/";

        public IHtmlDocument Page { get; private set; } = default!;

        public async Task<IHtmlDocument> OpenAsync(string address)
        {
            using var response = await Client.GetAsync(address, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Address = address;
            return Page = await ParseAsync(response, Ct);
        }

        /// <summary>The page a form post answered with, shown at the address it was sent to.</summary>
        public async Task<IHtmlDocument> ReadAsync(HttpResponseMessage response) => Page = await ParseAsync(response, Ct);

        /// <summary>Follows the redirect an act answers with (Post/Redirect/Get) to the page it names.</summary>
        public async Task<IHtmlDocument> FollowAsync(HttpResponseMessage response)
        {
            using (response)
            {
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                var location = response.Headers.Location!;
                return await OpenAsync(location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString);
            }
        }

        /// <summary>The named form's fields as the page holds them (its token among them), with what the person chose or typed.</summary>
        public List<KeyValuePair<string, string>> FieldsOf(string formName, params (string Name, string Value)[] entered)
        {
            var form = Page.QuerySelectorAll("form").Single(f => f.QuerySelector("input[name='_handler']")?.GetAttribute("value") == formName);
            var fields = form.QuerySelectorAll("input[name]")
                .Where(i => i.GetAttribute("type") is not ("radio" or "checkbox") || i.HasAttribute("checked"))
                .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""))
                .Concat(form.QuerySelectorAll("textarea[name]").Select(t => new KeyValuePair<string, string>(t.GetAttribute("name")!, t.TextContent)))
                .Where(f => !entered.Any(e => e.Name == f.Key))
                .ToList();
            fields.AddRange(entered.Select(e => new KeyValuePair<string, string>(e.Name, e.Value)));
            return fields;
        }

        /// <summary>Sends the named form of the page to where a browser sends it: the page's own address.</summary>
        public Task<HttpResponseMessage> SubmitAsync(string formName, params (string Name, string Value)[] entered)
        {
            var form = Page.QuerySelectorAll("form").Single(f => f.QuerySelector("input[name='_handler']")?.GetAttribute("value") == formName);
            return Client.PostAsync(form.GetAttribute("action") ?? Address, new FormUrlEncodedContent(FieldsOf(formName, entered)), Ct);
        }

        public void Dispose() => Client.Dispose();
    }
}
