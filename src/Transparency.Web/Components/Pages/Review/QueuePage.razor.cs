using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Reports;
using Transparency.Core.Review;
using Transparency.Web.Auth;
using Transparency.Web.Components.Shared;

namespace Transparency.Web.Components.Pages.Review;

/// <summary>
/// The privacy officer's queue of open flags. The filters live in the address, so a filtered queue can be bookmarked and
/// shared, and the back button returns to it; the table pages on the server.
/// </summary>
public partial class QueuePage
{
    private static readonly int[] AgeChoices = [7, 14, 30, 60, 90];

    [SupplyParameterFromQuery(Name = "category")] public string? Category { get; set; }
    [SupplyParameterFromQuery(Name = "kind")] public string? Kind { get; set; }
    [SupplyParameterFromQuery(Name = "age")] public string? Age { get; set; }
    [SupplyParameterFromQuery(Name = "unit")] public string? Unit { get; set; }

    [Inject] private ReviewService Review { get; set; } = null!;
    [Inject] private UsageReportService Reports { get; set; } = null!;
    [Inject] private ReviewOptions Options { get; set; } = null!;
    [Inject] private TimeProvider Clock { get; set; } = null!;
    [Inject] private NavigationManager Navigation { get; set; } = null!;
    [Inject] private IDialogService Dialogs { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;
    [CascadingParameter] private Task<AuthenticationState> Authentication { get; set; } = null!;

    private MudTable<QueuedFlag>? _table;
    private FlagQueueFilter _filter = new();
    private string? _problem;
    private List<(string Id, string Label)> _units = [];
    private IReadOnlyList<FlagGroup>? _groups;
    private bool _busy;
    private readonly List<(FlagRef Flag, string Why)> _refused = [];

    private int Sla => Options.FlagSlaDays;

    protected override async Task OnInitializedAsync()
    {
        _units = OrgUnitChoices.For(await Reports.HierarchyAsync());
        _groups = await Review.GroupsAsync();
    }

    protected override async Task OnParametersSetAsync()
    {
        var (filter, problem) = Parse();
        if (problem is null && filter.OrgUnitId is { } unit && _units.Count > 0 && !_units.Any(u => u.Id == unit))
            problem = $"There is no org unit '{unit}'.";
        var changed = filter != _filter;
        (_filter, _problem) = (filter, problem);
        if (changed && _table is not null)
            await _table.ReloadServerData();
    }

    private (FlagQueueFilter Filter, string? Problem) Parse()
    {
        FlagCategory? category = null;
        CaptureKind? kind = null;
        int? age = null;
        if (!string.IsNullOrEmpty(Category))
        {
            if (!Enum.TryParse<FlagCategory>(Category, ignoreCase: false, out var c) || !Enum.IsDefined(c) || int.TryParse(Category, out _))
                return (new FlagQueueFilter(), $"There is no flag reason '{Category}'.");
            category = c;
        }
        if (!string.IsNullOrEmpty(Kind))
        {
            if (!Enum.TryParse<CaptureKind>(Kind, ignoreCase: false, out var k) || !Enum.IsDefined(k) || int.TryParse(Kind, out _))
                return (new FlagQueueFilter(), $"There is no capture kind '{Kind}'.");
            kind = k;
        }
        if (!string.IsNullOrEmpty(Age))
        {
            if (!int.TryParse(Age, NumberStyles.None, CultureInfo.InvariantCulture, out var days) || days > 3650)
                return (new FlagQueueFilter(), $"'{Age}' is not a number of days from 0 to 3,650.");
            age = days;
        }
        var unit = string.IsNullOrWhiteSpace(Unit) ? null : Unit;
        return (new FlagQueueFilter(category, kind, age, unit), null);
    }

    private async Task<TableData<QueuedFlag>> LoadAsync(TableState state, CancellationToken ct)
    {
        var page = await Review.QueueAsync(_filter, state.Page * state.PageSize, state.PageSize, ct);
        return new TableData<QueuedFlag> { Items = page.Flags, TotalItems = page.Total };
    }

    private static string Href(FlagQueueFilter filter)
    {
        var parts = new[]
        {
            filter.Category is { } c ? $"category={c}" : null,
            filter.Kind is { } k ? $"kind={k}" : null,
            filter.OlderThanDays is { } d ? $"age={d.ToString(CultureInfo.InvariantCulture)}" : null,
            filter.OrgUnitId is { } u ? $"unit={Uri.EscapeDataString(u)}" : null,
        }.OfType<string>().ToList();
        return parts.Count == 0 ? "/review" : "/review?" + string.Join("&", parts);
    }

    private void Go(FlagQueueFilter filter) => Navigation.NavigateTo(Href(filter));

    private Task CategoryChangedAsync(string value)
    {
        Go(_filter with { Category = value.Length == 0 ? null : Enum.Parse<FlagCategory>(value) });
        return Task.CompletedTask;
    }

    private Task KindChangedAsync(string value)
    {
        Go(_filter with { Kind = value.Length == 0 ? null : Enum.Parse<CaptureKind>(value) });
        return Task.CompletedTask;
    }

    private Task AgeChangedAsync(string value)
    {
        Go(_filter with { OlderThanDays = value.Length == 0 ? null : int.Parse(value, CultureInfo.InvariantCulture) });
        return Task.CompletedTask;
    }

    private Task UnitChangedAsync(string value)
    {
        Go(_filter with { OrgUnitId = value.Length == 0 ? null : value });
        return Task.CompletedTask;
    }

    private int DaysOpen(QueuedFlag flag) => (int)(Clock.GetUtcNow().UtcDateTime - flag.RaisedAt).TotalDays;

    private bool IsOverdue(QueuedFlag flag) => DaysOpen(flag) > Sla;

    private string AgeWords(QueuedFlag flag) => DaysOpen(flag) switch
    {
        0 => "today",
        1 => "1 day open",
        var days => $"{days:N0} days open",
    };

    private string FlagHref(QueuedFlag flag) =>
        $"/review/flags/{Uri.EscapeDataString(flag.EmployeeId)}/{flag.Id}?back={Uri.EscapeDataString(Href(_filter))}";


    private async Task ResolveGroupAsync(FlagGroup group)
    {
        // The flags are fixed before the officer confirms: the answer covers exactly the flags counted in the dialog.
        var flags = await Review.GroupFlagsAsync(group.Kind, group.Application);
        if (flags.Count == 0)
        {
            Snackbar.Add("These flags were answered meanwhile.", Severity.Info);
            _groups = await Review.GroupsAsync();
            return;
        }
        var where = group.Application is null ? "with no application" : $"in {group.Application}";
        var dialog = await Dialogs.ShowAsync<ResolveFlagDialog>("Answer flags",
            new DialogParameters<ResolveFlagDialog>
            {
                { d => d.Title, $"Answer {flags.Count:N0} flags on {Words.Of(group.Kind).ToLowerInvariant()} {where}" },
                { d => d.FlagCount, flags.Count },
                { d => d.RecordCount, flags.Count },
            },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is not { Canceled: false, Data: ResolveFlagDialog.Answer answer })
            return;

        _busy = true;
        _refused.Clear();
        StateHasChanged();
        try
        {
            var officer = AppClaims.AccountOf((await Authentication).User);
            var result = await Review.ResolveManyAsync(flags, answer.Outcome, answer.Reason, officer);
            _refused.AddRange(result.Refused);
            Snackbar.Add(result.Resolved == 1 ? "1 flag answered; the employee has been told." : $"{result.Resolved:N0} flags answered; each employee has been told.",
                result.Refused.Count == 0 ? Severity.Success : Severity.Warning);
        }
        catch (ReviewRefusedException refusal)
        {
            Snackbar.Add(refusal.Message, Severity.Error);
        }
        finally
        {
            _busy = false;
        }
        _groups = await Review.GroupsAsync();
        if (_table is not null)
            await _table.ReloadServerData();
    }
}
