using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
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
using Transparency.Web.Components.Shared;

namespace Transparency.Web.Tests.Components.Pages;

/// <summary>
/// The records list signed in as E1, over a real SQLite store and Core's real services: its rows, and
/// selecting them with the mouse and the keyboard.
/// </summary>
public sealed class RecordsPageTests : BunitContext, IAsyncLifetime
{
    private TestStore? _store;
    private readonly List<CaptureRecord> _own = [];

    public async ValueTask InitializeAsync()
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        _store = await TestStore.CreateAsync(StoreProvider.Sqlite);
        await TestData.AddEmployeesAsync(_store, "E1");
        for (var i = 0; i < 3; i++)
        {
            var record = TestData.Record("E1", capturedAt: TestData.Now.AddMinutes(-10 - i), kind: CaptureKind.Click);
            record.Summary = $"Clicked button {i}";
            _own.Add(record);
        }
        await using (var db = await _store.Contexts.CreateDbContextAsync(ct))
        {
            db.CaptureRecords.AddRange(_own);
            await db.SaveChangesAsync(ct);
        }

        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<TimeProvider>(new FakeTimeProvider(TestData.Now));
        Services.AddSingleton(_store.Contexts);
        Services.AddSingleton<EmployeeDirectory>();
        Services.AddSingleton<RecordQueryService>();
        Services.AddSingleton(_store.Erasure);
        Services.AddSingleton<DecisionService>();
        Services.AddScoped<CurrentEmployee>();
        var auth = AddAuthorization();
        auth.SetAuthorized("e1@test");
        auth.SetRoles("Employee");
        auth.SetClaims(new Claim(AppClaims.EmployeeId, "E1"));
        SetRendererInfo(new RendererInfo("Server", true));
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        if (_store is not null)
            await _store.DisposeAsync();
    }

    [Fact]
    public void Rows_show_each_record_as_markup_without_a_component_per_row()
    {
        var cut = Open();

        var rows = cut.FindAll("li.record-row");
        Assert.Equal(_own.OrderByDescending(r => r.CapturedAt).Select(r => r.Id.ToString()), rows.Select(r => r.GetAttribute("data-record-id")));
        var first = rows[0];
        Assert.Equal("Clicked button 0", first.QuerySelector("a")!.TextContent);
        Assert.StartsWith($"/my/records/{_own[0].Id}?back=", first.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("Used for training", first.QuerySelector("[data-status='eligible']")!.TextContent);
        Assert.Equal($"Select Clicks at {_own[0].CapturedAt:HH:mm:ss}", first.QuerySelector("input[type='checkbox']")!.GetAttribute("aria-label"));
        Assert.Equal("Select all records on this page", cut.Find("[data-testid='select-page']").GetAttribute("aria-label"));
        // Rows, filters and toolbar are markup: the page title, the wrapper with its sign-in check and MudBlazor's three
        // providers (with what they hold) are all the components the page's circuit keeps alive, whatever the page shows.
        Assert.Empty(cut.FindComponents<MudCheckBox<bool>>());
        Assert.Empty(cut.FindComponents<TrainingStatusChip>());
        Assert.Empty(cut.FindComponents<MudSelect<string>>());
        var components = cut.FindComponents<IComponent>().Select(c => c.Instance.GetType().Name).ToList();
        Assert.True(components.Count <= 12, string.Join(", ", components));
    }

    [Fact]
    public async Task A_row_shows_its_time_kind_where_and_why_as_text_whatever_its_summary_holds()
    {
        var record = TestData.Record("E1", capturedAt: TestData.Now.AddMinutes(-5), kind: CaptureKind.Keystrokes, site: "intranet.example/<wiki>");
        record.Summary = "Typed \"<b>Müller & Söhne</b>\"";
        await using (var db = await _store!.Contexts.CreateDbContextAsync(Xunit.TestContext.Current.CancellationToken))
        {
            db.CaptureRecords.Add(record);
            await db.SaveChangesAsync(Xunit.TestContext.Current.CancellationToken);
        }

        var cut = Render<RecordsPage>();
        cut.WaitForAssertion(() => Assert.Equal(_own.Count + 1, cut.FindAll("li.record-row").Count));

        var row = cut.Find($"li.record-row[data-record-id='{record.Id}']");
        Assert.Equal(record.CapturedAt.ToString("HH:mm:ss"), row.QuerySelector("p.record-time")!.TextContent);
        // Text stays text: markup in a summary or a site is shown, never rendered.
        Assert.Equal("Typed \"<b>Müller & Söhne</b>\"", row.QuerySelector("a")!.TextContent);
        Assert.Empty(row.QuerySelectorAll("a b"));
        Assert.Equal("Keystrokes · Outlook · intranet.example/<wiki> · Operational telemetry, Model training",
            row.QuerySelector(".record-main .mud-typography-caption")!.TextContent);
        Assert.Equal("Used for training", row.QuerySelector("[data-status='eligible']")!.TextContent);
        Assert.Equal($"Select Keystrokes at {record.CapturedAt:HH:mm:ss}", row.QuerySelector("input[type='checkbox']")!.GetAttribute("aria-label"));
        var day = row.Closest("section")!;
        Assert.Equal(record.CapturedAt.ToString("dddd d MMMM yyyy"), day.QuerySelector("h2")!.TextContent);
        Assert.Equal($"Records of {record.CapturedAt:d MMMM yyyy}", day.QuerySelector("ul")!.GetAttribute("aria-label"));
    }

    [Fact]
    public void The_filter_shows_the_address_and_a_change_writes_it_back_and_loads()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/my/records?kind=click,keystrokes&training=withheld&flagged=true&deleted=false");
        var cut = Render<RecordsPage>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid='count-total']")));

        Assert.Equal(["Clicks", "Keystrokes"], cut.FindAll("fieldset[data-testid='filter-kind'] label")
            .Where(l => l.QuerySelector("input")!.HasAttribute("checked")).Select(l => l.TextContent.Trim()));
        Assert.Equal("Withheld by you", Chosen(cut, "Training status"));
        Assert.Equal("Flagged by me", Chosen(cut, "Flagged"));
        Assert.Equal("Hide deleted", Chosen(cut, "Deleted"));
        Assert.Equal(["Any", "Used for training", "Withheld by you", "Quarantined (flagged)", "Not used for training"], Options(cut, "Training status"));
        Assert.Equal(["Any", "Outlook"], Options(cut, "Application"));
        Assert.Equal("0", cut.Find("[data-testid='count-total']").GetAttribute("data-value"));

        Field(cut, "Training status").Change("Eligible");
        cut.WaitForAssertion(() => Assert.Equal("Used for training", Chosen(cut, "Training status")));
        Assert.Equal("/my/records?kind=click&kind=keystrokes&training=eligible&flagged=true&deleted=false", LastAddress());

        Field(cut, "Flagged").Change("any");
        cut.WaitForAssertion(() => Assert.Equal("3", cut.Find("[data-testid='count-total']").GetAttribute("data-value")));
        Assert.Equal("/my/records?kind=click&kind=keystrokes&training=eligible&deleted=false", LastAddress());
        Assert.Equal(3, cut.FindAll("li.record-row").Count);

        cut.FindAll("fieldset[data-testid='filter-kind'] label").Single(l => l.TextContent.Trim() == "Clicks").QuerySelector("input")!.Change(false);
        cut.WaitForAssertion(() => Assert.Equal("0", cut.Find("[data-testid='count-total']").GetAttribute("data-value")));
        Assert.Equal("/my/records?kind=keystrokes&training=eligible&deleted=false", LastAddress());
    }

    [Fact]
    public void Typing_a_search_filters_without_the_page_writing_into_the_box_and_clearing_empties_it()
    {
        var cut = Open();

        cut.Find("#filter-text").Input("button 1");

        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid='count-total']").GetAttribute("data-value")), TimeSpan.FromSeconds(5));
        Assert.Equal("/my/records?q=button%201", LastAddress());
        // What was typed stays the browser's: the page does not render its own copy into the box while the person types.
        Assert.Null(cut.Find("#filter-text").GetAttribute("value"));

        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Clear filters").Click();

        cut.WaitForAssertion(() => Assert.Equal("3", cut.Find("[data-testid='count-total']").GetAttribute("data-value")));
        Assert.Equal("/my/records", LastAddress());
        Assert.Null(cut.Find("#filter-text").GetAttribute("value"));
    }

    /// <summary>The control a person finds by its label.</summary>
    private static AngleSharp.Dom.IElement Field(IRenderedComponent<RecordsPage> cut, string label) =>
        cut.Find("#" + cut.FindAll("label").Single(l => l.TextContent.Trim() == label).GetAttribute("for"));

    private static string Chosen(IRenderedComponent<RecordsPage> cut, string label) =>
        Field(cut, label).QuerySelectorAll("option").Single(o => o.HasAttribute("selected")).TextContent.Trim();

    private static string[] Options(IRenderedComponent<RecordsPage> cut, string label) =>
        Field(cut, label).QuerySelectorAll("option").Select(o => o.TextContent.Trim()).ToArray();

    /// <summary>The address the page last wrote to the browser's address bar.</summary>
    private string LastAddress() => JSInterop.Invocations["transparency.replaceUrl"].Last().Arguments.Single()!.ToString()!;

    [Fact]
    public void Checking_a_row_selects_it_and_the_keyboard_checks_and_clears_it()
    {
        var cut = Open();
        Assert.Equal("Select records to act on them", SelectionText(cut));

        RowEvent(cut, 0, "onrowchange", @checked: true);
        Assert.Equal("1 selected", SelectionText(cut));
        Assert.True(Checkbox(cut, 0).HasAttribute("checked"));
        Assert.Equal("record-box", Checkbox(cut, 0).NextElementSibling!.ClassName);

        // As on a MudCheckBox: Enter checks, Delete clears (Space is the checkbox's own); other keys do nothing.
        RowEvent(cut, 1, "onrowkeydown", key: "Enter");
        Assert.Equal("2 selected", SelectionText(cut));
        RowEvent(cut, 1, "onrowkeydown", key: "a");
        Assert.Equal("2 selected", SelectionText(cut));
        RowEvent(cut, 0, "onrowkeydown", key: "Delete");
        Assert.Equal("1 selected", SelectionText(cut));
        Assert.False(Checkbox(cut, 0).HasAttribute("checked"));

        RowEvent(cut, 1, "onrowchange", @checked: false);
        Assert.Equal("Select records to act on them", SelectionText(cut));
    }

    [Fact]
    public void A_row_the_page_does_not_show_cannot_be_selected()
    {
        var cut = Open();
        var list = cut.Find("ul.record-list");

        // A key on the summary link names no row; an id from elsewhere (another employee's record) is no row of this page.
        list.TriggerEvent("onrowkeydown", new RowEventArgs { Id = "", Key = "Enter" });
        list.TriggerEvent("onrowchange", new RowEventArgs { Id = Guid.NewGuid().ToString(), Checked = true });
        list.TriggerEvent("onrowchange", new RowEventArgs { Id = "not-a-record", Checked = true });

        Assert.Equal("Select records to act on them", SelectionText(cut));
        Assert.All(cut.FindAll("li.record-row input[type='checkbox']"), box => Assert.False(box.HasAttribute("checked")));
        // The list answers for its rows: no row carries a handler of its own.
        Assert.All(cut.FindAll("li.record-row"), row => Assert.DoesNotContain("blazor:on", row.OuterHtml));
    }

    [Fact]
    public void Selecting_the_page_checks_every_row()
    {
        var cut = Open();

        cut.Find("[data-testid='select-page']").Change(true);

        Assert.Equal("3 selected", SelectionText(cut));
        Assert.All(cut.FindAll("li.record-row input[type='checkbox']"), box => Assert.True(box.HasAttribute("checked")));
    }

    private IRenderedComponent<RecordsPage> Open()
    {
        var cut = Render<RecordsPage>();
        cut.WaitForAssertion(() => Assert.Equal(_own.Count, cut.FindAll("li.record-row").Count));
        return cut;
    }

    private static AngleSharp.Dom.IElement Checkbox(IRenderedComponent<RecordsPage> cut, int row) =>
        cut.FindAll("li.record-row")[row].QuerySelector("input[type='checkbox']")!;

    /// <summary>What the browser sends the row's list when its checkbox changes or a key is pressed on it (wwwroot/js/layout.js).</summary>
    private static void RowEvent(IRenderedComponent<RecordsPage> cut, int row, string eventName, bool @checked = false, string? key = null)
    {
        var item = cut.FindAll("li.record-row")[row];
        item.ParentElement!.TriggerEvent(eventName, new RowEventArgs { Id = item.GetAttribute("data-record-id"), Checked = @checked, Key = key });
    }

    private static string SelectionText(IRenderedComponent<RecordsPage> cut) => cut.Find("[data-testid='selection-text']").TextContent.Trim();
}
