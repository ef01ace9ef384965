using Microsoft.EntityFrameworkCore;
using System.Security.Claims;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;
using Transparency.Core.Decisions;
using Transparency.Core.Employees;
using Transparency.Core.EventStore;
using Transparency.Core.Records;
using Transparency.Testing;
using Transparency.Web.Auth;
using Transparency.Web.Components.Pages.My;
using RecordDetailPage = Transparency.Web.Components.Pages.My.RecordDetailPage;

namespace Transparency.Web.Tests.Components.Pages;

/// <summary>
/// The record page signed in as E1, over a real SQLite store and Core's real services, rendered as the server renders it
/// without a circuit: what the employee sees about one record, and the steps its acts show (the flag form, the delete
/// confirmation, what an act did). The acts themselves are forms; RecordDetailPageFormTests sends them through the real app.
/// </summary>
public sealed class RecordDetailPageTests : BunitContext, IAsyncLifetime
{
    private const string TypedText = "Quarterly numbers: draft 3";
    private TestStore? _store;

    private TestStore Store => _store!;

    private CaptureRecord Own { get; set; } = default!;
    private CaptureRecord Others { get; set; } = default!;

    public async ValueTask InitializeAsync()
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        _store = await TestStore.CreateAsync(StoreProvider.Sqlite);
        await TestData.AddEmployeesAsync(_store, "E1", "E2");
        Own = TestData.Record("E1", kind: CaptureKind.Keystrokes);
        Own.Content!.Json = $$"""{"text":"{{TypedText}}","keyCount":26,"durationMs":5200}""";
        Own.Summary = "Typed 26 keys in Outlook";
        Others = TestData.Record("E2", kind: CaptureKind.Keystrokes);
        Others.Summary = "Typed the secret plan in Outlook";
        Others.Content!.Json = """{"text":"the secret plan","keyCount":15,"durationMs":3000}""";
        await using (var db = await _store.Contexts.CreateDbContextAsync(ct))
        {
            db.CaptureRecords.AddRange(Own, Others);
            await db.SaveChangesAsync(ct);
        }

        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<TimeProvider>(new FakeTimeProvider(TestData.Now));
        Services.AddSingleton(_store.Contexts);
        Services.AddSingleton<EmployeeDirectory>();
        Services.AddSingleton<RecordDetailService>();
        Services.AddSingleton(_store.Erasure);
        Services.AddSingleton<DecisionService>();
        Services.AddScoped<CurrentEmployee>();
        var auth = AddAuthorization();
        auth.SetAuthorized("e1@test");
        auth.SetRoles("Employee");
        auth.SetClaims(new Claim(AppClaims.EmployeeId, "E1"));
        // The page renders on the server and opens no circuit.
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        if (_store is not null)
            await _store.DisposeAsync();
    }

    [Fact]
    public void Shows_what_was_captured_and_where_it_goes()
    {
        var cut = Open(Own.Id);

        Assert.Equal("Typed 26 keys in Outlook", Text(cut.Find("h1")));
        Assert.Equal(TypedText, cut.Find("[data-testid='typed-text']").TextContent);
        var details = Facts(cut);
        Assert.Equal("2026-11-20 11:00:00 UTC", details["Captured at"]);
        Assert.Equal("LT-0001", details["Device"]);
        Assert.Equal("Outlook", details["Application"]);
        Assert.Equal("None recorded", details["Site"]);
        Assert.Equal("capture-agent/2.3.1", details["Source agent"]);
        Assert.Equal("None", details["Sensitivity tags"]);
        Assert.Equal(Own.Id.ToString(), details["Record id"]);

        var purposes = cut.FindAll("[data-testid='purposes'] tbody tr").Select(r => r.QuerySelectorAll("td").Select(Text).ToList()).ToList();
        Assert.Equal(2, purposes.Count);
        Assert.All(purposes, row => Assert.Equal(5, row.Count));
        Assert.All(purposes, row => Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", row[4]));
        Assert.Contains("Used for training", Text(cut.Find("[data-testid='training']")));
        Assert.Equal("Eligible for model training", Text(cut.Find("[data-testid='training-headline']")));
        Assert.Equal("Nobody has acted on this record yet.", Text(cut.Find("[data-testid='history-empty']")));
        Assert.Equal("Nobody but you has accessed this record.", Text(cut.Find("[data-testid='accesses-empty']")));
        Assert.Single(cut.FindAll("h1"));
    }

    [Fact]
    public async Task Each_purpose_shows_its_register_entry_and_the_content_goes_when_the_last_purpose_is_done()
    {
        var cut = Open(Own.Id);

        await using var db = await Store.Contexts.CreateDbContextAsync(Xunit.TestContext.Current.CancellationToken);
        var training = db.Purposes.Single(p => p.Id == Purposes.ModelTraining);
        var telemetry = db.Purposes.Single(p => p.Id == Purposes.OperationalTelemetry);
        var rows = cut.FindAll("[data-testid='purposes'] tbody tr");
        Assert.Equal(
            [training.Name, training.LegalBasis, training.Recipients, $"{training.RetentionDays:N0} days", $"{Own.CapturedAt.AddDays(training.RetentionDays):yyyy-MM-dd}"],
            rows.Single(r => Text(r.QuerySelector("td")!) == training.Name).QuerySelectorAll("td").Select(Text));
        Assert.Equal($"{Own.CapturedAt.AddDays(telemetry.RetentionDays):yyyy-MM-dd}",
            Text(rows.Single(r => Text(r.QuerySelector("td")!) == telemetry.Name).QuerySelectorAll("td")[4]));
        // Telemetry's retention ends first, but the content stays while training may still use it.
        Assert.Equal($"Its content is erased on {Own.CapturedAt.AddDays(training.RetentionDays):yyyy-MM-dd}, when the last of these purposes no longer needs it.",
            Text(cut.Find("[data-testid='content-retention']")));
    }

    [Fact]
    public async Task A_record_erased_by_retention_says_when_and_why()
    {
        var purgedAt = TestData.Now.AddDays(-2);
        var ct = Xunit.TestContext.Current.CancellationToken;
        await using (var db = await Store.Contexts.CreateDbContextAsync(ct))
        {
            // As the retention purge leaves it.
            await db.CaptureRecords.Where(r => r.Id == Own.Id).ExecuteUpdateAsync(s => s.Erase().SetProperty(r => r.PurgedAt, purgedAt), ct);
            await db.CaptureContents.Where(c => c.RecordId == Own.Id).ExecuteDeleteAsync(ct);
        }

        var cut = Open(Own.Id);

        Assert.Contains("Erased on 2026-11-18. Its retention ran out", Text(cut.Find("[data-testid='tombstone']")));
        Assert.Equal(["Record id", "Capture kind", "Captured at", "Erased at", "Why"], Terms(cut));
        Assert.DoesNotContain(TypedText, cut.Markup);
        Assert.Contains("Its content is erased: there is nothing left to act on.", Text(cut.Find("[data-testid='actions']")));
    }

    [Fact]
    public async Task Another_employees_record_looks_exactly_like_an_unknown_one()
    {
        var others = Open(Others.Id);
        Assert.Equal("Record not found", Text(others.Find("h1")));
        Assert.DoesNotContain("secret plan", others.Markup);
        Assert.DoesNotContain("Outlook", others.Markup);
        Assert.Empty(others.FindAll("[data-testid='actions']"));
        var othersMarkup = others.Markup;
        // One page at a time, as in a browser: each brings its own popover provider.
        await DisposeComponentsAsync();

        var unknown = Open(Guid.NewGuid());

        Assert.Equal(WithoutRenderIds(unknown.Markup), WithoutRenderIds(othersMarkup));
    }

    [Fact]
    public void The_acts_are_forms_and_links_to_their_steps_that_need_no_circuit()
    {
        var cut = Open(Own.Id);

        var actions = cut.Find("[data-testid='actions']");
        var withhold = actions.QuerySelectorAll("button").Single(b => Text(b) == "Withhold from training");
        Assert.Equal("submit", withhold.GetAttribute("type"));
        var form = withhold.Closest("form")!;
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal("withhold", form.QuerySelector("input[type='hidden'][name='act']")?.GetAttribute("value"));
        Assert.Equal($"/my/records/{Own.Id}?act=flag", Link(cut, "Flag").GetAttribute("href"));
        Assert.Equal($"/my/records/{Own.Id}?act=delete", Link(cut, "Delete").GetAttribute("href"));
        // No step is open and nothing has been done yet.
        Assert.Empty(cut.FindAll("[data-testid='flag-panel'], [data-testid='delete-panel']"));
        Assert.Equal("", Text(cut.Find("[role='status'][data-testid='act-status']")));
        Assert.Empty(cut.FindAll("[autofocus]"));
    }

    [Fact]
    public async Task Release_explains_that_a_standing_rule_still_withholds_the_record()
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        var employee = new Core.Policies.EmployeeId("E1");
        await Services.GetRequiredService<DecisionService>().WithholdAsync(employee, ActTarget.One(Own.Id), ct);
        await using (var db = await Store.Contexts.CreateDbContextAsync(ct))
        {
            db.StandingRules.Add(new StandingRule { EmployeeId = "E1", Id = Guid.NewGuid(), Kind = CaptureKind.Keystrokes, CreatedAt = TestData.Now.AddDays(-1) });
            await db.SaveChangesAsync(ct);
        }

        var cut = Open(Own.Id);

        Assert.Contains("your standing rule still withholds it", Text(cut.Find("[data-testid='training-act-note']")));
        Assert.Contains(cut.FindAll("a"), a => a.GetAttribute("href") == "/my/rules");
        Assert.Contains("never train on keystrokes", Text(cut.Find("[data-testid='training-reasons']")));
        var release = Button(cut, "Release for training");
        Assert.Equal("release", release.Closest("form")!.QuerySelector("input[name='act']")?.GetAttribute("value"));
    }

    [Fact]
    public void The_delete_step_says_exactly_what_happens_before_it_does()
    {
        var cut = Open(Own.Id, "?act=delete");

        var panel = cut.Find("section[data-testid='delete-panel']");
        var heading = panel.QuerySelector("h2")!;
        Assert.Equal("Delete this record?", Text(heading));
        Assert.Equal("delete-heading", panel.GetAttribute("aria-labelledby"));
        // The step takes focus when it shows: its heading, so the consequence is read before the buttons.
        Assert.True(heading.HasAttribute("autofocus"));
        Assert.Equal("-1", heading.GetAttribute("tabindex"));
        Assert.Equal(
            "Content is erased for good, and with it the summary, application, site, device, source, sensitivity tags and purposes. "
            + "A tombstone keeps only the record id, its kind, when it was captured, and when and why it was erased. This cannot be undone.",
            Text(cut.Find("[data-testid='delete-consequence']")));
        var confirm = panel.QuerySelectorAll("button").Single(b => Text(b) == "Delete for good");
        Assert.Equal("submit", confirm.GetAttribute("type"));
        Assert.Equal("post", confirm.Closest("form")!.GetAttribute("method"));
        Assert.Equal($"/my/records/{Own.Id}", panel.QuerySelectorAll("a").Single(a => Text(a) == "Cancel").GetAttribute("href"));
        // Showing the step changed nothing.
        Assert.Equal(TypedText, cut.Find("[data-testid='typed-text']").TextContent);
        Assert.Equal("Nobody has acted on this record yet.", Text(cut.Find("[data-testid='history-empty']")));
    }

    [Fact]
    public async Task Under_a_legal_hold_the_delete_step_says_deletion_is_blocked_and_why()
    {
        const string reason = "Litigation hold for case 2026-114: keep all records from November.";
        await using (var db = await Store.Contexts.CreateDbContextAsync(Xunit.TestContext.Current.CancellationToken))
        {
            db.LegalHolds.Add(new LegalHold { EmployeeId = "E1", Id = Guid.NewGuid(), Reason = reason, PlacedBy = "E9", PlacedAt = TestData.Now.AddDays(-2) });
            await db.SaveChangesAsync(Xunit.TestContext.Current.CancellationToken);
        }
        var cut = Open(Own.Id);
        Assert.Contains(reason, Text(cut.Find("[data-testid='legal-holds']")));

        cut = Open(Own.Id, "?act=delete");

        var panel = cut.Find("[data-testid='delete-panel']");
        Assert.Equal("This record cannot be deleted now", Text(panel.QuerySelector("h2")!));
        Assert.Contains("A legal hold covers this record, so deleting it is blocked", Text(cut.Find("[data-testid='delete-blocked']")));
        Assert.Contains(reason, Text(panel));
        Assert.Empty(panel.QuerySelectorAll("button"));
        Assert.Equal($"/my/records/{Own.Id}", panel.QuerySelectorAll("a").Single(a => Text(a) == "Close").GetAttribute("href"));
    }

    [Fact]
    public void The_flag_step_asks_why_and_offers_a_note()
    {
        var cut = Open(Own.Id, "?act=flag");

        var panel = cut.Find("section[data-testid='flag-panel']");
        Assert.Equal("Flag this record", Text(panel.QuerySelector("h2")!));
        Assert.True(panel.QuerySelector("h2")!.HasAttribute("autofocus"));
        var fieldset = panel.QuerySelector("fieldset")!;
        Assert.Equal("Why do you flag it?", Text(fieldset.QuerySelector("legend")!));
        Assert.Equal(
            ["Wrong person: this is not about me", "Private content", "Sensitive: it should not have been captured", "Other (say what in a note)"],
            fieldset.QuerySelectorAll("label").Select(Text));
        Assert.All(fieldset.QuerySelectorAll("label"), l => Assert.Equal("category", l.QuerySelector("input[type='radio']")?.GetAttribute("name")));
        Assert.Empty(fieldset.QuerySelectorAll("input:checked"));
        var note = panel.QuerySelector("textarea[name='note']")!;
        Assert.Equal("Note", Text(panel.QuerySelector($"label[for='{note.Id}']")!));
        Assert.Equal("2000", note.GetAttribute("maxlength"));
        Assert.Equal("Optional: anything the privacy officer should know.", Text(cut.Find($"#{note.GetAttribute("aria-describedby")}")));
        Assert.Equal("submit", cut.Find("[data-testid='confirm-flag']").GetAttribute("type"));
        Assert.Equal($"/my/records/{Own.Id}", panel.QuerySelectorAll("a").Single(a => Text(a) == "Cancel").GetAttribute("href"));
        Assert.Equal("eligible", Chip(cut).GetAttribute("data-status"));
    }

    [Fact]
    public async Task What_an_act_did_is_said_only_while_the_record_shows_it()
    {
        var decision = Guid.NewGuid();

        // An address that says "withheld" about a record that is not (Back after Undo, or a link from someone else).
        var cut = Open(Own.Id, $"?done=withheld&undo={decision}");

        Assert.Equal("", Text(cut.Find("[data-testid='act-status']")));
        Assert.Empty(cut.FindAll("[data-testid='undo']"));

        await Services.GetRequiredService<DecisionService>().WithholdAsync(new Core.Policies.EmployeeId("E1"), ActTarget.One(Own.Id), Xunit.TestContext.Current.CancellationToken);
        cut = Open(Own.Id, $"?done=withheld&undo={decision}");

        Assert.Equal("Withheld from model training. Undo", Text(cut.Find("[data-testid='act-status']")));
        Assert.True(cut.Find("[data-testid='act-status-text']").HasAttribute("autofocus"));
        var undo = cut.Find("[data-testid='undo']");
        Assert.Equal("submit", undo.GetAttribute("type"));
        Assert.Equal(decision.ToString(), undo.Closest("form")!.QuerySelector("input[name='decision']")?.GetAttribute("value"));
    }

    [Fact]
    public async Task A_bulk_act_shows_how_many_records_it_covered()
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        var more = Enumerable.Range(0, 1233).Select(i => TestData.Record("E1", TestData.Now.AddMinutes(-10 - i))).ToList();
        await using (var db = await Store.Contexts.CreateDbContextAsync(ct))
        {
            db.CaptureRecords.AddRange(more);
            await db.SaveChangesAsync(ct);
        }
        await Services.GetRequiredService<DecisionService>()
            .WithholdAsync(new Core.Policies.EmployeeId("E1"), ActTarget.Matching(new RecordFilter { Kinds = [CaptureKind.Keystrokes] }), ct);

        var cut = Open(Own.Id);

        Assert.Contains("Part of an act on 1,234 records.", Text(cut.Find("[data-testid='history'] li")));
    }

    [Fact]
    public async Task Shows_who_else_accessed_the_data_the_record_is_part_of()
    {
        await using (var db = await Store.Contexts.CreateDbContextAsync(Xunit.TestContext.Current.CancellationToken))
        {
            db.AccessLog.Add(new AccessLogEntry
            {
                EmployeeId = "E1", Id = Guid.NewGuid(), At = TestData.Now.AddMinutes(-5), ActorId = "E00005", ActorRole = ActorRole.HR,
                Channel = AccessChannel.HrDisclosureDownload, Why = "Subject access request of 2026-11-18", RecordCount = 1,
            });
            await db.SaveChangesAsync(Xunit.TestContext.Current.CancellationToken);
        }

        var cut = Open(Own.Id);

        var access = Text(cut.Find("[data-testid='accesses'] li"));
        Assert.StartsWith("HR downloaded a disclosure of your data · 2026-11-20 11:55:00 UTC", access);
        Assert.Contains("Reason given: Subject access request of 2026-11-18", access);
        Assert.Empty(cut.FindAll("[data-testid='accesses-empty']"));
    }

    [Fact]
    public async Task Unreadable_content_shows_no_preview_and_the_rest_of_the_page()
    {
        await using (var db = await Store.Contexts.CreateDbContextAsync(Xunit.TestContext.Current.CancellationToken))
        {
            db.CaptureContents.Single(c => c.RecordId == Own.Id).Json = "{\"text\": [unterminated";
            await db.SaveChangesAsync(Xunit.TestContext.Current.CancellationToken);
        }

        var cut = Open(Own.Id);

        Assert.Equal("No preview: the content could not be read", Text(cut.Find("[data-testid='preview-unavailable']")));
        Assert.Equal("Outlook", Facts(cut)["Application"]);
        Assert.NotNull(Button(cut, "Withhold from training"));
    }

    [Theory]
    [InlineData("/my/records?kind=keystrokes&training=eligible", "/my/records?kind=keystrokes&training=eligible")]
    [InlineData("/my/records", "/my/records")]
    [InlineData("https://evil.example/my/records", "/my/records")]
    [InlineData("//evil.example/my/records", "/my/records")]
    [InlineData("/my/recordsevil", "/my/records")]
    [InlineData("/register", "/my/records")]
    [InlineData(null, "/my/records")]
    public void The_back_link_returns_to_the_records_list_as_it_was_left(string? back, string expected)
    {
        var cut = Open(Own.Id, back is null ? "" : "?back=" + Uri.EscapeDataString(back));

        Assert.Equal("Typed 26 keys in Outlook", Text(cut.Find("h1")));
        Assert.Equal(expected, cut.Find("[data-testid='back']").GetAttribute("href"));
        // The steps keep it, so "back" still leads there after flagging or deleting.
        var kept = back == expected ? "&back=" + Uri.EscapeDataString(back!) : "";
        Assert.Equal($"/my/records/{Own.Id}?act=delete{kept}", Link(cut, "Delete").GetAttribute("href"));
    }

    /// <summary>The page at its address, with a query (a step, what an act did) when given.</summary>
    private IRenderedComponent<RecordDetailPage> Open(Guid id, string query = "")
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/my/records/{id}{query}");
        return Render<RecordDetailPage>(p => p.Add(c => c.Id, id));
    }

    // Event handler and element reference ids differ between any two renders; everything else must not.
    private static string WithoutRenderIds(string markup) => Regex.Replace(markup, "blazor:\\w+=\"[^\"]*\"", "");

    private static IElement Chip(IRenderedComponent<RecordDetailPage> cut) => cut.Find("[data-testid='training'] [data-status]");

    private static IElement Button(IRenderedComponent<RecordDetailPage> cut, string text) =>
        cut.FindAll("[data-testid='actions'] button").Single(b => Text(b) == text);

    private static IElement Link(IRenderedComponent<RecordDetailPage> cut, string text) =>
        cut.FindAll("[data-testid='actions'] a").Single(a => Text(a) == text);

    private static Dictionary<string, string> Facts(IRenderedComponent<RecordDetailPage> cut) =>
        cut.Find("[data-testid='details']").QuerySelectorAll("dt")
            .ToDictionary(Text, dt => dt.NextElementSibling is { LocalName: "dd" } dd ? Text(dd) : "");

    private static string Text(IElement element) =>
        string.Join(' ', element.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string[] Terms(IRenderedComponent<RecordDetailPage> cut) =>
        cut.FindAll("[data-testid='details'] dt").Select(Text).ToArray();
}
