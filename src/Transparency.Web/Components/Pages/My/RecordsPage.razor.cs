using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;
using MudBlazor;
using Transparency.Core.Decisions;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Records;
using Transparency.Web.Auth;
using Transparency.Web.Components.Shared;
using Transparency.Web.Components.Shared.Dialogs;

namespace Transparency.Web.Components.Pages.My;

/// <summary>
/// The employee's records: a keyset-paged list grouped by day, the filter in the URL, counts for the
/// filter, and acts on a selection or on everything matching the filter.
/// </summary>
public sealed partial class RecordsPage : IDisposable
{
    private const int PageSize = 50;
    private static readonly Purposes[] AllPurposes = [Purposes.OperationalTelemetry, Purposes.Product, Purposes.ModelTraining];
    private static readonly CaptureKind[] AllKinds = Enum.GetValues<CaptureKind>();

    // The search runs once typing has paused this long, not on every key.
    private static readonly TimeSpan SearchPause = TimeSpan.FromMilliseconds(400);

    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private CurrentEmployee Current { get; set; } = default!;
    [Inject] private RecordQueryService Records { get; set; } = default!;
    [Inject] private DecisionService Decisions { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;

    private EmployeeId _employee;
    private bool _noEmployee;
    private RecordFilter _filter = RecordFilter.All;
    private string _query = "\u0000";
    private IReadOnlyList<string> _problems = [];
    private RecordFacets _facets = new([], []);
    private RecordCounts? _counts;
    private RecordPage _page = new([], null);
    private IReadOnlyList<DayView> _days = [];
    private readonly Stack<RecordCursor?> _cursors = new();
    private RecordCursor? _current;
    private readonly HashSet<Guid> _selected = [];
    private bool _allMatching;
    private bool _loading = true;
    private bool _busy;
    private CancellationTokenSource? _typing;
    private string? _searchShown;
    private int _searchShownAt;

    protected override async Task OnInitializedAsync()
    {
        var profile = await Current.GetAsync();
        if (profile is null)
        {
            _noEmployee = true;
            _loading = false;
            return;
        }
        _employee = profile.Id;
        _facets = await Records.FacetsAsync(_employee);
        Navigation.LocationChanged += OnLocationChanged;
        await LoadAsync(new Uri(Navigation.Uri).Query);
        ShowSearch();
    }

    /// <summary>Puts the filter's search text in the box, as a new box: only for a filter that did not come from typing.</summary>
    private void ShowSearch()
    {
        _searchShown = _filter.Text;
        _searchShownAt++;
    }

    public void Dispose()
    {
        Navigation.LocationChanged -= OnLocationChanged;
        _typing?.Cancel();
        _typing?.Dispose();
    }

    private void OnLocationChanged(object? sender, LocationChangedEventArgs e) =>
        _ = InvokeAsync(async () =>
        {
            if (Navigation.ToBaseRelativePath(e.Location).StartsWith("my/records", StringComparison.Ordinal)
                && !Navigation.ToBaseRelativePath(e.Location).StartsWith("my/records/", StringComparison.Ordinal))
            {
                await LoadAsync(new Uri(e.Location).Query);
                ShowSearch();
                StateHasChanged();
            }
        });

    /// <summary>The URL's query is the filter's single source: a change of filter writes it, and what is written loads.</summary>
    private async Task LoadAsync(string query)
    {
        if (query == _query)
            return;
        _query = query;
        (_filter, _problems) = RecordFilterQuery.Parse(query);
        _selected.Clear();
        _allMatching = false;
        _cursors.Clear();
        _current = null;
        await ReloadAsync();
    }

    private async Task ReloadAsync()
    {
        _loading = true;
        StateHasChanged();
        try
        {
            var counts = Records.CountAsync(_employee, _filter);
            _page = await Records.PageAsync(_employee, _filter, _current, PageSize);
            _days = DayView.Of(_page.Rows, Uri.EscapeDataString(CurrentPath));
            _counts = await counts;
        }
        finally
        {
            _loading = false;
        }
    }

    private string CurrentPath => "/my/records" + _query;

    /// <summary>
    /// Puts the filter in the address bar, where a bookmark or a shared link keeps it, and loads it. The page stays as it is
    /// meanwhile: the address is replaced in the browser's history (as a filter change always did), not navigated to, which
    /// would render the whole page on the server again.
    /// </summary>
    private async Task ApplyFilterAsync(RecordFilter filter)
    {
        var query = RecordFilterQuery.ToQuery(filter);
        await JS.InvokeVoidAsync("transparency.replaceUrl", query.Length == 0 ? "/my/records" : $"/my/records?{query}");
        await LoadAsync(query.Length == 0 ? "" : "?" + query);
    }

    private void OnTextInput(ChangeEventArgs e)
    {
        var text = e.Value as string;
        _typing?.Cancel();
        _typing?.Dispose();
        _typing = new CancellationTokenSource();
        _ = SearchWhenTypingPausesAsync(string.IsNullOrWhiteSpace(text) ? null : text, _typing.Token);
    }

    private async Task SearchWhenTypingPausesAsync(string? text, CancellationToken ct)
    {
        try
        {
            await Task.Delay(SearchPause, ct);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        await InvokeAsync(async () =>
        {
            if (ct.IsCancellationRequested || text == _filter.Text)
                return;
            await ApplyFilterAsync(_filter with { Text = text });
            StateHasChanged();
        });
    }

    private Task OnKindToggled(CaptureKind kind, ChangeEventArgs e) =>
        ApplyFilterAsync(_filter with { Kinds = e.Value is true ? [.. _filter.Kinds.Append(kind).Distinct()] : [.. _filter.Kinds.Where(k => k != kind)] });

    private Task OnPurposeToggled(Purposes purpose, ChangeEventArgs e) =>
        ApplyFilterAsync(_filter with { Purposes = e.Value is true ? _filter.Purposes | purpose : _filter.Purposes & ~purpose });

    private Task OnTrainingChanged(ChangeEventArgs e) =>
        ApplyFilterAsync(_filter with { Training = Enum.TryParse<TrainingStatusFilter>(e.Value as string, out var training) ? training : TrainingStatusFilter.Any });

    private Task OnApplicationChanged(ChangeEventArgs e) => ApplyFilterAsync(_filter with { Application = Chosen(e) });
    private Task OnSiteChanged(ChangeEventArgs e) => ApplyFilterAsync(_filter with { Site = Chosen(e) });
    private Task OnFromChanged(ChangeEventArgs e) => ApplyFilterAsync(_filter with { From = DateOf(e) });
    private Task OnToChanged(ChangeEventArgs e) => ApplyFilterAsync(_filter with { To = DateOf(e) });
    private async Task ClearFilters()
    {
        await ApplyFilterAsync(RecordFilter.All);
        ShowSearch();
    }

    private static string? Chosen(ChangeEventArgs e) => e.Value is string { Length: > 0 } value ? value : null;

    // A date field sends yyyy-MM-dd, or nothing once cleared.
    private static DateOnly? DateOf(ChangeEventArgs e) =>
        DateOnly.TryParseExact(e.Value as string, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    private static string? DateValue(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The application or site choices: the employee's own, and the filter's value if the link named another.</summary>
    private static IEnumerable<string> Choices(IReadOnlyList<string> facets, string? current) =>
        current is null || facets.Contains(current) ? facets : facets.Append(current);

    private static readonly (TrainingStatusFilter Value, string Text)[] TrainingChoices =
    [
        (TrainingStatusFilter.Any, "Any"), (TrainingStatusFilter.Eligible, "Used for training"), (TrainingStatusFilter.Withheld, "Withheld by you"),
        (TrainingStatusFilter.Quarantined, "Quarantined (flagged)"), (TrainingStatusFilter.NotEligible, "Not used for training"),
    ];
    private static readonly (string Value, string Text)[] FlaggedChoices = [("any", "Any"), ("yes", "Flagged by me"), ("no", "Not flagged")];
    private static readonly (string Value, string Text)[] DeletedChoices = [("any", "Show all"), ("no", "Hide deleted"), ("yes", "Only deleted (tombstones)")];

    private string FlaggedValue => _filter.Flagged switch { true => "yes", false => "no", null => "any" };
    private Task OnFlaggedChanged(ChangeEventArgs e) => ApplyFilterAsync(_filter with { Flagged = (e.Value as string) switch { "yes" => true, "no" => false, _ => null } });

    private string DeletedValue => _filter.Deleted switch { true => "yes", false => "no", null => "any" };
    private Task OnDeletedChanged(ChangeEventArgs e) => ApplyFilterAsync(_filter with { Deleted = (e.Value as string) switch { "yes" => true, "no" => false, _ => null } });

    private async Task OlderAsync()
    {
        if (_page.Next is null)
            return;
        _cursors.Push(_current);
        _current = _page.Next;
        await ReloadAsync();
    }

    private async Task NewerAsync()
    {
        if (_cursors.Count == 0)
            return;
        _current = _cursors.Pop();
        await ReloadAsync();
    }

    // Selection: explicit rows, or (after "select all matching") the filter itself.
    private bool IsSelected(Guid id) => _allMatching || _selected.Contains(id);

    private void Toggle(Guid id, bool selected)
    {
        if (selected) _selected.Add(id); else _selected.Remove(id);
    }

    /// <summary>A row's checkbox changed (a click, Space). Only a row of this page can be chosen, and none while the filter itself is.</summary>
    private void OnRowChange(RowEventArgs e)
    {
        if (RowOnPage(e) is { } id)
            Toggle(id, e.Checked);
    }

    /// <summary>The keys a MudCheckBox answers besides Space (which the checkbox itself handles): Enter checks, Delete clears.</summary>
    private void OnRowKey(RowEventArgs e)
    {
        if (RowOnPage(e) is not { } id)
            return;
        if (e.Key is "Enter" or "NumpadEnter")
            Toggle(id, true);
        else if (e.Key == "Delete")
            Toggle(id, false);
    }

    private Guid? RowOnPage(RowEventArgs e) =>
        !_allMatching && Guid.TryParse(e.Id, out var id) && _page.Rows.Any(r => r.Id == id) ? id : null;

    private bool PageSelected => _allMatching || (_page.Rows.Count > 0 && _page.Rows.All(r => _selected.Contains(r.Id)));

    private void OnPageSelectionChanged(bool selected)
    {
        _allMatching = false;
        if (selected)
            foreach (var r in _page.Rows) _selected.Add(r.Id);
        else
            foreach (var r in _page.Rows) _selected.Remove(r.Id);
    }

    private void SelectAllMatching()
    {
        _allMatching = true;
        _selected.Clear();
    }

    private void ClearSelection()
    {
        _allMatching = false;
        _selected.Clear();
    }

    private bool HasTarget => _allMatching || _selected.Count > 0;

    private int TargetSize => _allMatching ? _counts?.Total ?? 0 : _selected.Count;

    private string SelectionText => _allMatching
        ? $"All {TargetSize:N0} records matching this filter are selected"
        : _selected.Count == 0 ? "Select records to act on them" : $"{_selected.Count:N0} selected";

    private ActTarget Target => _allMatching ? ActTarget.Matching(_filter) : ActTarget.Selection(_selected);

    private static string CountOf(int n) => n == 1 ? "1 record" : $"{n:N0} records";

    private Task WithholdAsync() => ActAsync(DecisionKind.Withhold,
        preview => $"Withhold {CountOf(preview.WillChange)} from model training?",
        preview => "They will not leave through the training export from now on. You can release them again at any time.",
        "Withhold",
        target => Decisions.WithholdAsync(_employee, target),
        result => $"{CountOf(result.Changed)} withheld from training.");

    private Task ReleaseAsync() => ActAsync(DecisionKind.Release,
        preview => $"Release {CountOf(preview.WillChange)} for model training?",
        preview => "Your withholding of them ends. Records a standing rule or a sensitive context keeps out stay out." + PasswordFieldsLeftOut(preview.Skipped),
        "Release",
        target => Decisions.ReleaseAsync(_employee, target),
        result => $"{CountOf(result.Changed)} released." + PasswordFieldsLeftOut(result.Skipped));

    private static string PasswordFieldsLeftOut(int skipped) => skipped == 0 ? ""
        : $" {CountOf(skipped)} typed into a password field {(skipped == 1 ? "is" : "are")} left out: such records are never released for training.";

    private Task DeleteAsync() => ActAsync(DecisionKind.Delete,
        preview => $"Delete {CountOf(preview.WillChange)}?",
        preview => $"{CountOf(preview.WillChange)} will be deleted. {TombstoneWords.Erases} {TombstoneWords.Keeps} This cannot be undone."
                   + (preview.Held > 0 ? $" {CountOf(preview.Held)} under a legal hold will be kept: {string.Join("; ", preview.HoldReasons)}" : ""),
        "Delete for good",
        target => Decisions.DeleteAsync(_employee, target),
        result => $"{CountOf(result.Changed)} deleted." + (result.Held > 0 ? $" {CountOf(result.Held)} kept under a legal hold." : ""),
        destructive: true);

    private async Task FlagAsync()
    {
        var reference = await Dialogs.ShowAsync<FlagDialog>(TargetSize == 1 ? "Flag this record" : $"Flag {CountOf(TargetSize)}",
            new DialogParameters<FlagDialog> { { d => d.RecordCount, TargetSize } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        if (await reference.Result is not { Canceled: false, Data: FlagDialog.FlagRequest input })
            return;
        await RunAsync(() => Decisions.FlagAsync(_employee, Target, input.Category, input.Note),
            result => $"{CountOf(result.Changed)} flagged and quarantined from training.", undoable: false);
    }

    private async Task ActAsync(DecisionKind kind, Func<ActPreview, string> question, Func<ActPreview, string> detail, string confirm,
        Func<ActTarget, Task<ActResult>> act, Func<ActResult, string> done, bool destructive = false)
    {
        ActPreview preview;
        try
        {
            _busy = true;
            preview = await Decisions.PreviewAsync(_employee, kind, Target);
        }
        catch (ActRefusedException e)
        {
            Snackbar.Add(e.Message, Severity.Error);
            return;
        }
        finally
        {
            _busy = false;
        }

        var nothing = preview.WillChange == 0;
        var parameters = new DialogParameters<ConfirmActDialog>
        {
            { d => d.Message, nothing ? $"None of the selected records would change: they are already {Already(kind)}." + PasswordFieldsLeftOut(preview.Skipped) : question(preview) },
            { d => d.Detail, nothing ? null : detail(preview) },
            { d => d.ConfirmText, confirm },
            { d => d.Destructive, destructive },
            { d => d.CanConfirm, !nothing },
        };
        var reference = await Dialogs.ShowAsync<ConfirmActDialog>(confirm, parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        if (await reference.Result is not { Canceled: false })
            return;
        await RunAsync(() => act(Target), done, undoable: kind is DecisionKind.Withhold or DecisionKind.Release);
    }

    private static string Already(DecisionKind kind) => kind switch
    {
        DecisionKind.Withhold => "withheld or deleted",
        DecisionKind.Release => "not withheld by you (records a rule withholds change with the rule)",
        DecisionKind.Delete => "deleted or under a legal hold",
        _ => "in that state",
    };

    /// <summary>Runs an act; the snackbar speaks only after the store has committed it.</summary>
    private async Task RunAsync(Func<Task<ActResult>> act, Func<ActResult, string> done, bool undoable)
    {
        _busy = true;
        StateHasChanged();
        try
        {
            var result = await act();
            ClearSelection();
            await ReloadAsync();
            if (result.DecisionId is { } decision && undoable)
                Snackbar.Add(done(result), Severity.Success, o =>
                {
                    o.Action = "Undo";
                    o.ActionColor = Color.Inherit;
                    o.OnClick = _ => UndoAsync(decision);
                });
            else
                Snackbar.Add(result.Changed == 0 && result.Held == 0 ? "Nothing changed." + PasswordFieldsLeftOut(result.Skipped) : done(result),
                    result.Held > 0 && result.Changed == 0 ? Severity.Warning : Severity.Success);
        }
        catch (ActRefusedException e)
        {
            Snackbar.Add(e.Message, Severity.Error);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task UndoAsync(Guid decision)
    {
        await InvokeAsync(async () =>
        {
            try
            {
                var result = await Decisions.UndoAsync(_employee, decision);
                await ReloadAsync();
                Snackbar.Add(result.Changed == 0 ? "Nothing to undo: those records have changed since." : $"Undone for {CountOf(result.Changed)}.", Severity.Info);
            }
            catch (ActRefusedException e)
            {
                Snackbar.Add(e.Message, Severity.Error);
            }
            StateHasChanged();
        });
    }

    /// <summary>The records of one day on the page, with the texts its heading and list are named by.</summary>
    private sealed record DayView(string HeadingId, string Heading, string ListLabel, IReadOnlyList<RowView> Rows)
    {
        public static IReadOnlyList<DayView> Of(IReadOnlyList<RecordRow> rows, string back) =>
            rows.GroupBy(r => r.CapturedAt.Date)
                .Select(day => new DayView($"day-{day.Key:yyyyMMdd}", day.Key.ToString("dddd d MMMM yyyy"), $"Records of {day.Key:d MMMM yyyy}",
                    day.Select(r => RowView.Of(r, back)).ToList()))
                .ToList();
    }

    /// <summary>
    /// One row of the list with the texts that do not change with the selection, made once when the page loads: the time, and
    /// the summary link with its caption, each as one encoded markup frame, the same HTML their elements would render. A
    /// circuit keeps the page's render tree twice (the current and the previous render) for as long as the page is open, in
    /// arrays of 40-byte frames that grow by doubling; as elements and attributes a row was some eighty frames, and fifty rows
    /// took the tree past 4,096 frames, an array of 8,192 (320 KB) per copy.
    /// </summary>
    private sealed record RowView(RecordRow Record, string Id, string CheckboxLabel, MarkupString Time, MarkupString Main)
    {
        public static RowView Of(RecordRow r, string back)
        {
            var summary = r.Summary is null ? $"{Words.Of(r.Kind)} (content erased)" : CapturedText.Visible(r.Summary);
            var caption = r.IsTombstone
                ? $"{Words.Of(r.Kind)} · {(r.DeletedAt is null ? "erased when its retention ran out" : "deleted")}: only its tombstone is kept"
                : $"{Words.Of(r.Kind)} · {CapturedText.Visible(r.Application)}{(r.Site is null ? "" : $" · {CapturedText.Visible(r.Site)}")} · {string.Join(", ", r.Purposes.Each().Select(Words.Of))}";
            var time = r.CapturedAt.ToString("HH:mm:ss");
            return new RowView(r, r.Id.ToString(), $"Select {Words.Of(r.Kind)} at {time}",
                MudMarkup.Text(Typo.body2, time, @class: "record-time"),
                new MarkupString(
                    $"<div class=\"record-main\" dir=\"auto\">{MudMarkup.Link($"/my/records/{r.Id}?back={back}", summary, Typo.body2)}" +
                    $"{MudMarkup.Text(Typo.caption, caption, "div")}</div>"));
        }
    }

    // A row's checkbox as MudCheckBox draws it: the native box (app.css makes it invisible over the picture) is followed by both
    // pictures, checked and not, and app.css shows the one that matches the box. One markup frame shared by every row.
    private static readonly MarkupString RowBox = new(
        $"<span class=\"record-box\" aria-hidden=\"true\">{MudMarkup.Icon(Icons.Material.Filled.CheckBox, @class: "record-box-checked")}" +
        $"{MudMarkup.Icon(Icons.Material.Filled.CheckBoxOutlineBlank, @class: "record-box-unchecked")}</span>");

    // Each kind's icon as MudIcon draws it (small), one markup frame shared by every row of that kind.
    private static readonly Dictionary<CaptureKind, MarkupString> KindIcons = Enum.GetValues<CaptureKind>().ToDictionary(k => k, KindIconSvg);

    private static MarkupString KindIcon(CaptureKind kind) => KindIcons.TryGetValue(kind, out var icon) ? icon : KindIconSvg(kind);

    private static MarkupString KindIconSvg(CaptureKind kind) => MudMarkup.Icon(KindIconPath(kind), Size.Small);

    private static string KindIconPath(CaptureKind kind) => kind switch
    {
        CaptureKind.PointerTrajectory => Icons.Material.Filled.Gesture,
        CaptureKind.Click => Icons.Material.Filled.AdsClick,
        CaptureKind.Keystrokes => Icons.Material.Filled.Keyboard,
        CaptureKind.ScreenSnapshot => Icons.Material.Filled.Screenshot,
        CaptureKind.AppFocus => Icons.Material.Filled.CenterFocusStrong,
        _ => Icons.Material.Filled.Circle,
    };
}
