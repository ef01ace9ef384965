using System.Security.Claims;
using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;
using Transparency.Core.Decisions;
using Transparency.Core.Employees;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Records;
using Transparency.Core.Reports;
using Transparency.Core.Review;
using Transparency.Testing;
using Transparency.Web.Auth;
using Transparency.Web.Components.Pages.Review;

namespace Transparency.Web.Tests.Components.Pages;

/// <summary>
/// The privacy officer's pages signed in as the officer, over a real SQLite store and Core's real services. Ada works in Sales,
/// Ben and Cai in the Lab; the flags are answered within 14 days (<see cref="ReviewOptions.FlagSlaDays"/>). Four flags are open,
/// raised in an order other than their age:
/// Ben's on one Excel click, 40 days old; Ada's on one Outlook keystroke record, 20 days old; Ada's on another, 5 days old;
/// Cai's on two clicks, 2 days old.
/// </summary>
public sealed class ReviewPagesTests : BunitContext, IAsyncLifetime
{
    private const string Officer = "privacy.officer@test";
    private const string AdasNote = "I typed a colleague's health details.";
    private const string HoldReason = "Your records are preserved for a pending employment tribunal claim (case 2026-ET-0412). " +
                                      "Deleting them is paused until the case closes; your training choices still apply.";
    private const string HoldReference = "Employment tribunal 2026-ET-0412";

    private static readonly EmployeeId Ada = new("ADA");
    private static readonly EmployeeId Ben = new("BEN");
    private static readonly EmployeeId Cai = new("CAI");

    private readonly FakeTimeProvider _clock = new(TestData.Now);
    private TestStore _store = null!;
    private IRenderedComponent<IComponent>? _page;

    private Guid _bensFlag;
    private Guid _adasFlag;
    private CaptureRecord _adasRecord = default!;
    private Guid _caisFlag;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _store = await TestStore.CreateAsync(StoreProvider.Sqlite);
        await TestData.AddEmployeesAsync(_store, Ada.Value, Ben.Value, Cai.Value);
        await using (var db = await _store.Contexts.CreateDbContextAsync(Ct))
        {
            db.OrgUnits.AddRange(
                new OrgUnit { Id = "ORG", Name = "Organisation" },
                new OrgUnit { Id = "SALES", Name = "Sales", ParentId = "ORG" },
                new OrgUnit { Id = "LAB", Name = "Lab", ParentId = "ORG" });
            await db.SaveChangesAsync(Ct);
            foreach (var e in await db.Employees.ToListAsync(Ct))
                e.OrgUnitId = e.Id == Ada.Value ? "SALES" : "LAB";
            await db.SaveChangesAsync(Ct);
            db.OrgUnits.Remove(await db.OrgUnits.SingleAsync(o => o.Id == "OU-TEST", Ct));
            await db.SaveChangesAsync(Ct);
        }

        _caisFlag = await RaiseAsync(Cai, daysAgo: 2, FlagCategory.WrongPerson, "A colleague was using my laptop while we paired.",
            TestData.Record(Cai.Value, kind: CaptureKind.Click, application: "Excel"), TestData.Record(Cai.Value, kind: CaptureKind.Click, application: "Excel"));
        _adasRecord = TestData.Record(Ada.Value, kind: CaptureKind.Keystrokes, application: "Outlook");
        _adasFlag = await RaiseAsync(Ada, daysAgo: 20, FlagCategory.Sensitive, AdasNote, _adasRecord);
        _bensFlag = await RaiseAsync(Ben, daysAgo: 40, FlagCategory.PrivateContent, "A private message from my partner was on screen.",
            TestData.Record(Ben.Value, kind: CaptureKind.Click, application: "Excel"));
        await RaiseAsync(Ada, daysAgo: 5, FlagCategory.Other, "My own e-mail to my doctor.",
            TestData.Record(Ada.Value, kind: CaptureKind.Keystrokes, application: "Outlook"));

        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.ShowTransitionDuration = 0;
            o.SnackbarConfiguration.HideTransitionDuration = 0;
        });
        Services.AddSingleton<TimeProvider>(_clock);
        Services.AddSingleton(_store.Contexts);
        Services.AddSingleton(_store.Erasure);
        Services.AddSingleton(new MinimumGroupSize());
        Services.AddSingleton(new ReviewOptions { FlagSlaDays = 14 });
        Services.AddSingleton<UsageReportService>();
        Services.AddSingleton<RecordDetailService>();
        Services.AddSingleton<ReviewService>();
        Services.AddSingleton<LegalHoldService>();
        Services.AddSingleton<EmployeeDirectory>();
        var auth = AddAuthorization();
        auth.SetAuthorized("Priya Officer");
        auth.SetRoles(Roles.Employee, Roles.PrivacyOfficer);
        auth.SetClaims(new Claim(AppClaims.Account, Officer));
        // As in a browser after the prerender: the flag page opens a flag only once interactive.
        SetRendererInfo(new RendererInfo("Server", true));
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        await _store.DisposeAsync();
    }

    // The queue

    [Fact]
    public void The_queue_lists_open_flags_oldest_first_with_the_employee_the_reason_and_the_note()
    {
        var cut = OpenQueue();

        Assert.Equal(
        [
            ["2026-10-11 40 days open Overdue", "Employee BEN Lab", "Private content A private message from my partner was on screen.", "Clicks Excel"],
            ["2026-10-31 20 days open Overdue", "Employee ADA Sales", "Sensitive " + AdasNote, "Keystrokes Outlook"],
            ["2026-11-15 5 days open", "Employee ADA Sales", "Other My own e-mail to my doctor.", "Keystrokes Outlook"],
            ["2026-11-18 2 days open", "Employee CAI Lab", "Wrong person A colleague was using my laptop while we paired.", "2 records"],
        ], Rows(cut).Select(r => new[] { "Raised", "Employee", "Reason and note", "Records" }.Select(label => Cell(r, label)).ToArray()));
        Assert.Equal($"/review/flags/BEN/{_bensFlag}?back=%2Freview", Rows(cut)[0].QuerySelector("[data-testid='open-flag']")!.GetAttribute("href"));
    }

    [Fact]
    public void A_flag_open_longer_than_the_configured_days_is_marked_overdue_and_a_recent_one_is_not()
    {
        var cut = OpenQueue();

        // 14 days configured: the 20-day-old flag is overdue although the default month has not passed.
        Assert.Contains("Flags open longer than 14 days are marked overdue.", Text(cut.Find(".mud-container")));
        Assert.Equal([true, true, false, false], Rows(cut).Select(r => r.QuerySelector("[data-testid='overdue']") is not null));
        Assert.Equal("Overdue", Text(Rows(cut)[1].QuerySelector("[data-testid='overdue']")!));
    }

    [Theory]
    [InlineData("?category=Sensitive", new[] { "2026-10-31" })]
    [InlineData("?kind=Keystrokes", new[] { "2026-10-31", "2026-11-15" })]
    // Cai's flag covers two clicks and so has no one kind: a kind filter leaves it out.
    [InlineData("?kind=Click", new[] { "2026-10-11" })]
    [InlineData("?age=14", new[] { "2026-10-11", "2026-10-31" })]
    [InlineData("?unit=LAB", new[] { "2026-10-11", "2026-11-18" })]
    [InlineData("?unit=SALES&category=Other", new[] { "2026-11-15" })]
    public void Filters_in_the_address_narrow_the_queue(string query, string[] raised)
    {
        var cut = OpenQueue(query);

        Assert.Equal(raised, Rows(cut).Select(r => Cell(r, "Raised")[..10]));
        Assert.Empty(cut.FindAll("[data-testid='filter-problem']"));
    }

    [Fact]
    public void The_filters_show_what_the_address_asks_for()
    {
        var cut = OpenQueue("?category=PrivateContent&kind=Click&age=30&unit=LAB");

        Assert.Equal(["Private content", "Clicks", "More than 30 days", "Lab"],
            new[] { "Reason", "Capture kind", "Open for", "Org unit" }.Select(label => Text(Field(cut, label))));
        Assert.Equal(["2026-10-11"], Rows(cut).Select(r => Cell(r, "Raised")[..10]));
    }

    [Theory]
    [InlineData("?category=Gossip", "There is no flag reason 'Gossip'.")]
    [InlineData("?kind=Nonsense", "There is no capture kind 'Nonsense'.")]
    [InlineData("?category=Sensitive&kind=2", "There is no capture kind '2'.")]
    [InlineData("?age=-3", "'-3' is not a number of days from 0 to 3,650.")]
    [InlineData("?unit=NOWHERE", "There is no org unit 'NOWHERE'.")]
    public void A_filter_the_address_gets_wrong_says_so_and_lists_nothing(string query, string problem)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/review" + query);
        var cut = RenderPage<QueuePage>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid='flag-groups']")));

        var alert = cut.Find("[data-testid='filter-problem']");
        Assert.Equal(problem + " Show every open flag", Text(alert));
        Assert.Equal("/review", alert.QuerySelector("a")!.GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid='flag-table']"));
        Assert.DoesNotContain("Employee BEN", cut.Markup);
    }

    [Fact]
    public async Task With_every_flag_answered_the_queue_says_nothing_is_waiting()
    {
        var review = Services.GetRequiredService<ReviewService>();
        await using (var db = await _store.Contexts.CreateDbContextAsync(Ct))
            foreach (var flag in await db.Flags.AsNoTracking().ToListAsync(Ct))
                await review.ResolveAsync(new EmployeeId(flag.EmployeeId), flag.Id, FlagOutcome.Dismiss, "Nothing private.", Officer, Ct);

        Services.GetRequiredService<NavigationManager>().NavigateTo("/review");
        var cut = RenderPage<QueuePage>();

        cut.WaitForAssertion(() => Assert.Equal("No flag is waiting for an answer.", Text(cut.Find("[data-testid='flags-empty']"))));
        Assert.Equal("No flag on a single record is open.", Text(cut.Find("[data-testid='groups-empty']")));
        Assert.Empty(cut.FindAll("[data-testid='open-flag']"));
    }

    [Fact]
    public void Filters_that_match_no_open_flag_say_so()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/review?category=Sensitive&unit=LAB");
        var cut = RenderPage<QueuePage>();

        cut.WaitForAssertion(() => Assert.Equal("No open flag matches these filters.", Text(cut.Find("[data-testid='flags-empty']"))));
        Assert.Empty(cut.FindAll("[data-testid='open-flag']"));
    }

    [Fact]
    public void Flags_on_one_record_each_are_grouped_by_kind_and_application_largest_first()
    {
        var cut = OpenQueue();

        var groups = cut.Find("[data-testid='flag-groups']");
        Assert.Equal(
            [["Keystrokes", "Outlook", "2", "Answer all"], ["Clicks", "Excel", "1", "Answer all"]],
            groups.QuerySelectorAll("tbody tr").Select(r => r.QuerySelectorAll("td").Select(Text).ToArray()));
        Assert.Equal(["Answer all 2 flags on Keystrokes in Outlook", "Answer all 1 flag on Clicks in Excel"],
            groups.QuerySelectorAll("[data-testid='resolve-group']").Select(b => b.GetAttribute("aria-label")));
    }

    // One flag

    [Fact]
    public async Task Opening_a_flag_shows_the_employees_note_and_the_record_and_logs_one_review_in_their_access_log()
    {
        var cut = OpenFlag(Ada.Value, _adasFlag);

        Assert.Equal("Flag of Employee ADA, raised 2026-10-31", Text(cut.Find("h1")));
        Assert.Contains("Opening this flag was written to Employee ADA's access log", Text(cut.Find("[data-testid='logged-notice']")));
        var flag = Facts(cut.Find("[data-testid='flag-facts']"));
        Assert.Equal("Employee ADA (ADA), Sales", flag["Employee"]);
        Assert.Equal("sensitive", flag["Reason"]);
        Assert.Equal(AdasNote, flag["The employee's note"]);
        Assert.Equal("1 record", flag["Records"]);
        var record = Facts(cut.Find("[data-testid='record-facts']"));
        Assert.Equal(("Keystrokes", "Outlook", "LT-0001", _adasRecord.Id.ToString()),
            (record["Capture kind"], record["Application"], record["Device"], record["Record id"]));
        Assert.Equal("hello", cut.Find("[data-testid='typed-text']").TextContent);

        // The same address rendered again is the same opening, not a second look.
        cut.Render(p => p.Add(x => x.EmployeeId, Ada.Value).Add(x => x.FlagId, _adasFlag));

        await using var db = await _store.Contexts.CreateDbContextAsync(Ct);
        var entry = Assert.Single(await db.AccessLog.AsNoTracking().ToListAsync(Ct));
        Assert.Equal((Ada.Value, AccessChannel.PrivacyOfficerReview, ActorRole.PrivacyOfficer, Officer, 1),
            (entry.EmployeeId, entry.Channel, entry.ActorRole, entry.ActorId, entry.RecordCount));
    }

    [Fact]
    public async Task A_flag_id_under_another_employee_is_not_found_and_logs_nothing()
    {
        var cut = OpenFlag(Ben.Value, _adasFlag);

        Assert.Equal("Flag not found", Text(cut.Find("h1")));
        Assert.DoesNotContain(AdasNote, cut.Markup);
        Assert.DoesNotContain(_adasRecord.Id.ToString(), cut.Markup);
        Assert.Empty(cut.FindAll("[data-testid='resolve']"));
        await using var db = await _store.Contexts.CreateDbContextAsync(Ct);
        Assert.Empty(await db.AccessLog.ToListAsync(Ct));
    }

    [Fact]
    public async Task Before_the_page_is_interactive_the_flag_is_neither_read_nor_logged()
    {
        SetRendererInfo(new RendererInfo("Static", false));

        var cut = RenderPage<FlagPage>(p => p.Add(x => x.EmployeeId, Ada.Value).Add(x => x.FlagId, _adasFlag));

        Assert.Equal("false", cut.Find("[data-interactive]").GetAttribute("data-interactive"));
        Assert.Equal("Flag", Text(cut.Find("h1")));
        Assert.DoesNotContain(AdasNote, cut.Markup);
        await using var db = await _store.Contexts.CreateDbContextAsync(Ct);
        Assert.Empty(await db.AccessLog.ToListAsync(Ct));
    }

    // Answering a flag

    [Fact]
    public async Task Answering_with_nothing_chosen_shows_both_errors_and_answers_nothing()
    {
        var dialog = OpenAnswerDialog(Cai.Value, _caisFlag);
        Assert.Equal("Answer Employee CAI's flag", Text(dialog.QuerySelector("h2")!));
        Assert.Empty(Dialogs.FindAll("[data-testid='outcome-error']"));

        Confirm().Click();

        Dialogs.WaitForAssertion(() =>
            Assert.Equal("Choose whether to uphold (redact or delete) or dismiss.", Text(Dialogs.Find("[data-testid='outcome-error']"))));
        Assert.Contains("Give a reason: the employee reads it.", Text(Dialogs.Find(".mud-dialog")));
        Assert.NotEmpty(Dialogs.FindAll(".mud-dialog"));
        await AssertStillOpenAsync(_caisFlag);
    }

    [Fact]
    public void Choosing_delete_says_how_many_records_go_and_that_it_cannot_be_undone()
    {
        OpenAnswerDialog(Cai.Value, _caisFlag);

        Outcome("Uphold: delete").Click();

        Dialogs.WaitForAssertion(() => Assert.Equal(
            "Upholding this flag deletes 2 records: content and context are erased, a tombstone stays. This cannot be undone.",
            Text(Dialogs.Find("[data-testid='resolve-consequence']"))));
        Assert.Equal("Delete 2 records", Text(Confirm()));
    }

    [Fact]
    public async Task A_reason_with_a_control_character_is_refused_with_what_is_wrong_with_it()
    {
        OpenAnswerDialog(Cai.Value, _caisFlag);
        Outcome("Dismiss (").Click();
        Dialogs.Find("textarea").Input("Work clicks,\u0001 nothing private.");

        Confirm().Click();

        Dialogs.WaitForAssertion(() => Assert.Contains("It holds the control character U+0001, which is not text.", Text(Dialogs.Find(".mud-dialog"))));
        Assert.Empty(Dialogs.FindAll("[data-testid='outcome-error']"));
        await AssertStillOpenAsync(_caisFlag);
    }

    [Fact]
    public async Task Dismissing_with_a_reason_answers_the_flag_tells_the_employee_and_returns_to_the_queue()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/review/flags/CAI/{_caisFlag}?back=%2Freview%3Funit%3DLAB");
        OpenAnswerDialog(Cai.Value, _caisFlag);
        Outcome("Dismiss (").Click();
        Dialogs.Find("textarea").Input("  Work clicks, nothing private.  ");

        Confirm().Click();

        Snackbars.WaitForAssertion(() => Assert.Contains("Dismissed. Employee CAI has been told.", Snackbars.Markup));
        Assert.Empty(Dialogs.FindAll(".mud-dialog"));
        Assert.Equal("http://localhost/review?unit=LAB", Services.GetRequiredService<NavigationManager>().Uri);
        await using var db = await _store.Contexts.CreateDbContextAsync(Ct);
        var flag = await db.Flags.AsNoTracking().SingleAsync(f => f.Id == _caisFlag, Ct);
        Assert.Equal((FlagReviewState.Dismissed, Officer, "Work clicks, nothing private."), (flag.ReviewState, flag.ResolvedBy, flag.Resolution));
        var notice = Assert.Single(await db.Notices.AsNoTracking().ToListAsync(Ct));
        Assert.Equal(Cai.Value, notice.EmployeeId);
        Assert.Contains("Reason: Work clicks, nothing private.", notice.Text);
    }

    // Legal holds

    [Fact]
    public async Task Active_holds_are_listed_with_the_employee_the_reason_and_the_reference()
    {
        await PlaceHoldsAsync();

        var cut = OpenHolds();

        Assert.Equal("Active holds", Text(cut.Find("#holds-heading")));
        var row = Assert.Single(HoldRows(cut));
        Assert.Equal("Employee ADA ADA, Sales", Cell(row, "Employee"));
        Assert.Equal("All records 2 kept now", Cell(row, "Records"));
        Assert.Equal($"{HoldReason} Reference: {HoldReference}", Cell(row, "Reason and reference"));
        Assert.Equal($"2026-11-20 by {Officer}", Cell(row, "Placed"));
        Assert.Equal("Lift the hold on Employee ADA's records", row.QuerySelector("[data-testid='lift-hold']")!.GetAttribute("aria-label"));
    }

    [Fact]
    public async Task Showing_lifted_holds_too_reveals_a_lifted_hold_with_who_lifted_it_and_why()
    {
        await PlaceHoldsAsync();
        var cut = OpenHolds();
        Assert.DoesNotContain("Employee BEN", Text(cut.Find("[data-testid='hold-table']")));

        cut.FindAll("label").Single(l => Text(l) == "Show lifted holds too").QuerySelector("input[role='switch']")!.Change(true);

        cut.WaitForAssertion(() => Assert.Equal(2, HoldRows(cut).Count));
        Assert.Equal("All holds", Text(cut.Find("#holds-heading")));
        var lifted = HoldRows(cut).Single(r => Cell(r, "Employee").StartsWith("Employee BEN", StringComparison.Ordinal));
        Assert.Equal("Captured 2026-10-01 to 2026-10-31", Cell(lifted, "Records"));
        Assert.Equal("Internal review DPO-2026-031 Reference: DPO-2026-031", Cell(lifted, "Reason and reference"));
        Assert.Equal($"Lifted 2026-11-20 by {Officer} The review closed without a finding.", Text(lifted.QuerySelectorAll("td")[^1]));
        Assert.Null(lifted.QuerySelector("[data-testid='lift-hold']"));
    }

    // Helpers

    /// <summary>Renders the page and remembers it: its dialogs and snackbars render in the providers it brings with it.</summary>
    private IRenderedComponent<TPage> RenderPage<TPage>(Action<ComponentParameterCollectionBuilder<TPage>>? parameters = null)
        where TPage : class, IComponent
    {
        var page = Render<TPage>(parameters ?? (_ => { }));
        _page = page;
        return page;
    }

    private IRenderedComponent<MudDialogProvider> Dialogs => _page!.FindComponent<MudDialogProvider>();
    private IRenderedComponent<MudSnackbarProvider> Snackbars => _page!.FindComponent<MudSnackbarProvider>();

    /// <summary>The employee flags their records through their own act, <paramref name="daysAgo"/> days before now; the flag's id.</summary>
    private async Task<Guid> RaiseAsync(EmployeeId employee, int daysAgo, FlagCategory category, string note, params CaptureRecord[] records)
    {
        var then = new FakeTimeProvider(new DateTimeOffset(TestData.Now.AddDays(-daysAgo)));
        foreach (var record in records)
        {
            record.CapturedAt = TestData.Now.AddDays(-daysAgo).AddHours(-1);
            record.ReceivedAt = record.CapturedAt;
        }
        await using var db = await _store.Contexts.CreateDbContextAsync(Ct);
        db.CaptureRecords.AddRange(records);
        await db.SaveChangesAsync(Ct);
        var target = records.Length == 1 ? ActTarget.One(records[0].Id) : ActTarget.Selection(records.Select(r => r.Id));
        var act = await new DecisionService(_store.Contexts, then, _store.Erasure).FlagAsync(employee, target, category, note, Ct);
        return await db.Flags.Where(f => f.DecisionId == act.DecisionId).Select(f => f.Id).SingleAsync(Ct);
    }

    /// <summary>A hold on all of Ada's records, and one on Ben's of October, lifted.</summary>
    private async Task PlaceHoldsAsync()
    {
        var holds = Services.GetRequiredService<LegalHoldService>();
        await holds.PlaceAsync(Ada, new HoldRequest(null, null, HoldReason, HoldReference), Officer, Ct);
        var bens = await holds.PlaceAsync(Ben, new HoldRequest(new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31), "Internal review DPO-2026-031", "DPO-2026-031"),
            Officer, Ct);
        await holds.LiftAsync(Ben, bens, "The review closed without a finding.", Officer, Ct);
    }

    private IRenderedComponent<QueuePage> OpenQueue(string query = "")
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/review" + query);
        var cut = RenderPage<QueuePage>();
        cut.WaitForAssertion(() => Assert.NotEmpty(Rows(cut)));
        return cut;
    }

    private static IReadOnlyList<IElement> Rows(IRenderedComponent<QueuePage> cut) =>
        cut.FindAll("[data-testid='flag-table'] tbody tr").Where(r => r.QuerySelector("td[data-label='Employee']") is not null).ToList();

    private IRenderedComponent<FlagPage> OpenFlag(string employeeId, Guid flagId)
    {
        var cut = RenderPage<FlagPage>(p => p.Add(x => x.EmployeeId, employeeId).Add(x => x.FlagId, flagId));
        cut.WaitForAssertion(() => Assert.NotEqual("Flag", Text(cut.Find("h1"))));
        return cut;
    }

    private IElement OpenAnswerDialog(string employeeId, Guid flagId)
    {
        var cut = OpenFlag(employeeId, flagId);
        cut.Find("[data-testid='resolve']").Click();
        Dialogs.WaitForAssertion(() => Assert.NotEmpty(Dialogs.FindAll(".mud-dialog input[type='radio']")));
        return Dialogs.Find(".mud-dialog");
    }

    /// <summary>The answer's radio button a person finds by the start of its label.</summary>
    private IElement Outcome(string label) =>
        Dialogs.FindAll("label.mud-radio").Single(l => Text(l).StartsWith(label, StringComparison.Ordinal)).QuerySelector("input[type='radio']")!;

    private IElement Confirm() => Dialogs.Find("[data-testid='confirm-resolve']");

    private async Task AssertStillOpenAsync(Guid flagId)
    {
        await using var db = await _store.Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(FlagReviewState.Open, (await db.Flags.AsNoTracking().SingleAsync(f => f.Id == flagId, Ct)).ReviewState);
        Assert.Empty(await db.Notices.ToListAsync(Ct));
    }

    private IRenderedComponent<HoldsPage> OpenHolds()
    {
        var cut = RenderPage<HoldsPage>();
        cut.WaitForAssertion(() => Assert.NotEmpty(HoldRows(cut)));
        return cut;
    }

    private static IReadOnlyList<IElement> HoldRows(IRenderedComponent<HoldsPage> cut) =>
        cut.FindAll("[data-testid='hold-table'] tbody tr").Where(r => r.QuerySelector("td[data-label='Employee']") is not null).ToList();

    private static string Cell(IElement row, string label) => Text(row.QuerySelector($"td[data-label='{label}']")!);

    /// <summary>The filter a person finds by its label: what it shows chosen.</summary>
    private static IElement Field(IRenderedComponent<QueuePage> cut, string label) =>
        cut.FindAll("div.mud-input-control").Single(c => c.QuerySelector("label.mud-input-label")?.TextContent.Trim() == label)
            .QuerySelector("[role='combobox']")!;

    private static Dictionary<string, string> Facts(IElement list) =>
        list.QuerySelectorAll("dt").ToDictionary(Text, dt => Text(dt.NextElementSibling!));

    /// <summary>The words a person reads in the element, element after element, white space collapsed.</summary>
    private static string Text(IElement element) =>
        string.Join(' ', element.Descendants<IText>().SelectMany(t => t.Data.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
}
