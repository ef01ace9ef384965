using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Records;
using Transparency.Core.Review;
using Transparency.Web.Auth;
using Transparency.Web.Components.Shared;

namespace Transparency.Web.Components.Pages.Review;

/// <summary>
/// One flag as the privacy officer reviews it: the flag, its records, one record in full, and the answer. Every opening is
/// logged to the employee's access log by <see cref="ReviewService.OpenAsync"/> before anything is read.
/// </summary>
public partial class FlagPage
{
    [Parameter] public string EmployeeId { get; set; } = "";
    [Parameter] public Guid FlagId { get; set; }
    [SupplyParameterFromQuery(Name = "record")] public Guid? RecordId { get; set; }
    [SupplyParameterFromQuery(Name = "back")] public string? Back { get; set; }

    [Inject] private ReviewService Review { get; set; } = null!;
    [Inject] private IDialogService Dialogs { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;
    [Inject] private NavigationManager Navigation { get; set; } = null!;
    [CascadingParameter] private Task<AuthenticationState> Authentication { get; set; } = null!;

    private bool _loading = true;
    private bool _busy;
    private string? _error;
    private FlagCase? _case;
    private (string, Guid, Guid?)? _opened;

    private string Title => _case is null ? (_loading ? "Flag" : "Flag not found")
        : $"Flag of {_case.Flag.EmployeeName}, raised {_case.Flag.RaisedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    /// <summary>Back to the queue as it was filtered; only a local <c>/review</c> address is followed.</summary>
    private string BackHref =>
        Back is not null && (Back == "/review" || Back.StartsWith("/review?", StringComparison.Ordinal))
        && !Back.Any(char.IsControl) && !Back.Contains('\\') && Uri.IsWellFormedUriString(Back, UriKind.Relative)
            ? Back : "/review";

    protected override async Task OnParametersSetAsync()
    {
        // Opening is logged: the prerender, which a person never reads, does not open the flag; the interactive render does.
        if (!RendererInfo.IsInteractive)
            return;
        var wanted = (EmployeeId, FlagId, RecordId);
        if (_opened == wanted)
            return;
        _opened = wanted;
        await OpenAsync();
    }

    private async Task OpenAsync()
    {
        _loading = true;
        _case = null;
        if (EmployeeId.Length is > 0 and <= 64 && PlainText.Problem(EmployeeId) is null)
        {
            var officer = AppClaims.AccountOf((await Authentication).User);
            _case = await Review.OpenAsync(new EmployeeId(EmployeeId), FlagId, officer, RecordId);
        }
        _loading = false;
    }

    private string RecordHref(Guid record) =>
        $"/review/flags/{Uri.EscapeDataString(EmployeeId)}/{FlagId}?record={record}" + (Back is null ? "" : $"&back={Uri.EscapeDataString(Back)}");

    private IEnumerable<(string Term, string Value)> FlagFacts
    {
        get
        {
            var flag = _case!.Flag;
            yield return ("Employee", $"{flag.EmployeeName} ({flag.EmployeeId}), {flag.OrgUnitName}");
            yield return ("Raised", LocalTimes.Utc(flag.RaisedAt));
            yield return ("Reason", Words.Of(flag.Category));
            yield return ("The employee's note", string.IsNullOrWhiteSpace(flag.Note) ? "None" : flag.Note);
            yield return ("Records", flag.RecordCount == 1 ? "1 record" : $"{flag.RecordCount:N0} records");
        }
    }

    private static IEnumerable<(string Term, string Value)> RecordFacts(RecordDetail d)
    {
        var r = d.Record;
        yield return ("Captured at", LocalTimes.Utc(r.CapturedAt));
        yield return ("Capture kind", Words.Of(r.Kind));
        yield return ("Application", r.Application is null ? "None recorded" : CapturedText.Visible(r.Application));
        yield return ("Site", r.Site is null ? "None recorded" : CapturedText.Visible(r.Site));
        yield return ("Device", d.DeviceId is null ? "None recorded" : CapturedText.Visible(d.DeviceId));
        yield return ("Sensitivity tags", r.Sensitivity == SensitivityTags.None ? "None" : string.Join(", ", r.Sensitivity.Each().Select(Words.Of)));
        yield return ("Purposes", r.Purposes == Purposes.None ? "None" : Words.Of(r.Purposes));
        yield return ("Record id", r.Id.ToString());
    }

    private async Task ResolveAsync()
    {
        var flag = _case!.Flag;
        var dialog = await Dialogs.ShowAsync<ResolveFlagDialog>("Answer the flag",
            new DialogParameters<ResolveFlagDialog>
            {
                { d => d.Title, $"Answer {flag.EmployeeName}'s flag" },
                { d => d.FlagCount, 1 },
                { d => d.RecordCount, flag.RecordCount },
            },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is not { Canceled: false, Data: ResolveFlagDialog.Answer answer })
            return;
        _busy = true;
        _error = null;
        StateHasChanged();
        try
        {
            var officer = AppClaims.AccountOf((await Authentication).User);
            var done = await Review.ResolveAsync(new EmployeeId(EmployeeId), FlagId, answer.Outcome, answer.Reason, officer);
            Snackbar.Add(done.Outcome switch
            {
                FlagOutcome.Redact => $"Upheld: the content of {Count(done.RecordsChanged)} was erased. {flag.EmployeeName} has been told.",
                FlagOutcome.Delete => $"Upheld: {Count(done.RecordsChanged)} deleted. {flag.EmployeeName} has been told.",
                _ => $"Dismissed. {flag.EmployeeName} has been told.",
            }, Severity.Success);
            Navigation.NavigateTo(BackHref);
        }
        catch (ReviewRefusedException refusal)
        {
            _error = refusal.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    private static string Count(int records) => records == 1 ? "1 record" : $"{records:N0} records";
}
