using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Transparency.Core.Employees;
using Transparency.Core.Policies;
using Transparency.Core.Review;
using Transparency.Web.Auth;
using Transparency.Web.Components.Shared.Dialogs;

namespace Transparency.Web.Components.Pages.Review;

/// <summary>The privacy officer's legal holds: placing one (with a confirmation), the list, and lifting one with a reason.</summary>
public partial class HoldsPage
{
    [Inject] private LegalHoldService Holds { get; set; } = null!;
    [Inject] private EmployeeDirectory Directory { get; set; } = null!;
    [Inject] private IDialogService Dialogs { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;
    [CascadingParameter] private Task<AuthenticationState> Authentication { get; set; } = null!;

    private MudTable<HoldListing>? _table;
    private bool _includeLifted;
    private bool _busy;
    private DirectoryListing? _employee;
    private DateTime? _from;
    private DateTime? _to;
    private string? _reason;
    private string? _reference;
    private bool _submitted;
    private string? _placeError;

    private string? PeriodProblem => _from is { } from && _to is { } to && to < from ? "The period ends before it starts." : null;
    private string? EmployeeProblem => _submitted && _employee is null ? "Choose the employee whose records the hold keeps." : null;
    private string? ReasonProblem => !_submitted ? null
        : string.IsNullOrWhiteSpace(_reason) ? "Give a reason: the employee reads it wherever the hold stops a deletion."
        : PlainText.Problem(_reason);
    private string? ReferenceProblem => !_submitted ? null
        : string.IsNullOrWhiteSpace(_reference) ? "Give the case or letter the hold answers to."
        : PlainText.Problem(_reference);

    private async Task<IEnumerable<DirectoryListing>> SearchAsync(string? text, CancellationToken ct) =>
        (await Directory.SearchAsync(text, 0, 20, ct)).Entries;

    private async Task<TableData<HoldListing>> LoadAsync(TableState state, CancellationToken ct)
    {
        var page = await Holds.ListAsync(_includeLifted, state.Page * state.PageSize, state.PageSize, ct);
        return new TableData<HoldListing> { Items = page.Holds, TotalItems = page.Total };
    }

    private async Task IncludeLiftedChangedAsync(bool value)
    {
        _includeLifted = value;
        if (_table is not null)
            await _table.ReloadServerData();
    }

    private static string Period(HoldListing hold) => (hold.CapturedFrom, hold.CapturedBefore) switch
    {
        (null, null) => "All records",
        ({ } f, null) => $"Captured from {f.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}",
        (null, { } b) => $"Captured up to {b.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}",
        ({ } f, { } b) => $"Captured {f.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} to {b.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}",
    };

    private async Task PlaceAsync()
    {
        _submitted = true;
        _placeError = null;
        if (_employee is not { } employee || EmployeeProblem is not null || ReasonProblem is not null || ReferenceProblem is not null || PeriodProblem is not null)
            return;
        var which = (_from, _to) switch
        {
            (null, null) => "all of their records, and every record captured about them while the hold lasts",
            ({ } f, null) => $"their records captured from {f.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} on",
            (null, { } t) => $"their records captured up to {t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}",
            ({ } f, { } t) => $"their records captured from {f.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} to {t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}",
        };
        var dialog = await Dialogs.ShowAsync<ConfirmActDialog>("Place a legal hold",
            new DialogParameters<ConfirmActDialog>
            {
                { d => d.Message, $"Place a legal hold on {which}? {employee.DisplayName} cannot delete them, and retention does not erase them, until you lift the hold." },
                { d => d.Detail, $"{employee.DisplayName} gets a notice with your reason and reference, and sees the reason wherever the hold stops a deletion." },
                { d => d.ConfirmText, "Place the hold" },
            },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is not { Canceled: false })
            return;
        _busy = true;
        StateHasChanged();
        try
        {
            var officer = AppClaims.AccountOf((await Authentication).User);
            await Holds.PlaceAsync(employee.Id, new HoldRequest(
                _from is { } f ? DateOnly.FromDateTime(f) : null, _to is { } t ? DateOnly.FromDateTime(t) : null, _reason!, _reference!), officer);
            Snackbar.Add($"Legal hold placed on {employee.DisplayName}'s records. They have been told.", Severity.Success);
            (_employee, _from, _to, _reason, _reference, _submitted) = (null, null, null, null, null, false);
            if (_table is not null)
                await _table.ReloadServerData();
        }
        catch (ReviewRefusedException refusal)
        {
            _placeError = refusal.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task LiftAsync(HoldListing hold)
    {
        var dialog = await Dialogs.ShowAsync<ReasonDialog>("Lift the legal hold",
            new DialogParameters<ReasonDialog>
            {
                { d => d.Title, $"Lift the hold on {hold.EmployeeName}'s records" },
                { d => d.Message, $"{hold.EmployeeName} can delete these records again, and those whose retention ran out while held are erased at the next retention run. " +
                                  "They get a notice with your reason." },
                { d => d.ConfirmText, "Lift the hold" },
            },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is not { Canceled: false, Data: string reason })
            return;
        _busy = true;
        StateHasChanged();
        try
        {
            var officer = AppClaims.AccountOf((await Authentication).User);
            await Holds.LiftAsync(new EmployeeId(hold.EmployeeId), hold.Id, reason, officer);
            Snackbar.Add($"Hold lifted. {hold.EmployeeName} has been told.", Severity.Success);
        }
        catch (ReviewRefusedException refusal)
        {
            Snackbar.Add(refusal.Message, Severity.Error);
        }
        finally
        {
            _busy = false;
        }
        if (_table is not null)
            await _table.ReloadServerData();
    }
}
