using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using Transparency.Core.Decisions;
using Transparency.Core.Employees;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Records;
using Transparency.Web.Auth;
using Transparency.Web.Components.Shared;

using Transparency.Web.Components.Shared.Dialogs;

namespace Transparency.Web.Components.Pages.My;

/// <summary>
/// One of the signed-in employee's records: its content, where it goes, what happened to it and who
/// read it, and the acts on it. Another employee's record looks exactly like one that does not exist.
/// </summary>
public partial class RecordDetailPage
{
    public const string RecordsPath = "/my/records";

    [Inject] private CurrentEmployee Current { get; set; } = default!;
    [Inject] private RecordDetailService Details { get; set; } = default!;
    [Inject] private DecisionService Decisions { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;

    [Parameter] public Guid Id { get; set; }

    /// <summary>Where "back" goes: the records list as the employee left it (filter, page), when it is one.</summary>
    [SupplyParameterFromQuery(Name = "back")] public string? Back { get; set; }

    private readonly CancellationTokenSource _closing = new();
    private EmployeeProfile? _employee;
    private RecordDetail? _detail;
    private Guid _loadedId;
    private bool _loading = true;
    private bool _busy;
    private string? _error;
    private TimeZoneInfo _zone = TimeZoneInfo.Utc;

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedId == Id && !_loading)
            return;
        _loading = true;
        _error = null;
        try
        {
            _employee ??= await Current.GetAsync(_closing.Token);
            await ReloadAsync();
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
            return;
        }
        _loadedId = Id;
        _loading = false;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
            return;
        var zone = await LocalTimes.FromBrowserAsync(JS);
        if (zone.Id != _zone.Id)
        {
            _zone = zone;
            StateHasChanged();
        }
    }

    private async Task ReloadAsync() =>
        _detail = _employee is null ? null : await Details.GetAsync(_employee.Id, Id, _closing.Token);

    /// <summary>A local <c>/my/records…</c> address; anything else (another site, another page) is ignored.</summary>
    public static bool IsRecordsPath(string? path) =>
        path is not null
        && path.StartsWith(RecordsPath, StringComparison.Ordinal)
        && (path.Length == RecordsPath.Length || path[RecordsPath.Length] is '?' or '/' or '#')
        && !path.Contains('\\')
        && !path.Any(char.IsControl)
        && Uri.IsWellFormedUriString(path, UriKind.Relative);

    private string BackHref => IsRecordsPath(Back) ? Back! : RecordsPath;

    private string PageTitle => _detail is null ? (_loading ? "Record" : "Record not found") : Heading;

    private string Heading =>
        _detail is null ? "Record"
        : !string.IsNullOrWhiteSpace(_detail.Record.Summary) ? CapturedText.Visible(_detail.Record.Summary)
        : _detail.Record.ContentErased ? $"Erased record · {Words.Of(_detail.Record.Kind)}"
        : $"Record · {Words.Of(_detail.Record.Kind)}";

    private string When(DateTime utc) =>
        LocalTimes.ZoneName(_zone) == "UTC" ? LocalTimes.Utc(utc) : $"{LocalTimes.Format(utc, _zone)} ({LocalTimes.Utc(utc)})";

    private IEnumerable<(string Term, string Value)> Facts
    {
        get
        {
            var d = _detail!;
            var r = d.Record;
            if (r.IsTombstone)
            {
                // Exactly what the tombstone keeps (Tombstone.Keeps), and nothing that went with the content.
                yield return ("Record id", r.Id.ToString());
                yield return ("Capture kind", Words.Of(r.Kind));
                yield return ("Captured at", When(r.CapturedAt));
                yield return (r.DeletedAt is not null ? "Deleted at" : "Erased at", When(r.DeletedAt ?? r.PurgedAt!.Value));
                yield return ("Why", TombstoneWords.Why(r, d.DeletedBy));
                yield break;
            }
            yield return ("Captured at", When(r.CapturedAt));
            if (d.ReceivedAt is { } received)
                yield return ("Received at", When(received));
            yield return ("Capture kind", Words.Of(r.Kind));
            yield return ("Device", d.DeviceId is null ? "None recorded" : CapturedText.Visible(d.DeviceId));
            yield return ("Application", r.Application is null ? "None recorded" : CapturedText.Visible(r.Application));
            yield return ("Site", r.Site is null ? "None recorded" : CapturedText.Visible(r.Site));
            yield return ("Source agent", d.SourceAgent is null ? "None recorded" : CapturedText.Visible(d.SourceAgent));
            yield return ("Sensitivity tags", r.Sensitivity == SensitivityTags.None ? "None" : string.Join(", ", r.Sensitivity.Each().Select(Words.Of)));
            yield return ("Record id", r.Id.ToString());
        }
    }

    private string Day(DateTime utc) => LocalTimes.ToLocal(utc, _zone).ToString("yyyy-MM-dd");

    /// <summary>When the content goes: it stays while any purpose still needs it, unless deleted first or kept by a legal hold.</summary>
    private string ContentRetentionText
    {
        get
        {
            var d = _detail!;
            if (d.Record.DeletedAt is { } deleted)
                return $"You deleted its content on {Day(deleted)}.";
            if (d.Record.PurgedAt is { } purged)
                return $"Its content was erased on {Day(purged)}, when the last of these purposes no longer needed it.";
            if (d.Record.RedactedAt is { } redacted)
                return $"Its content was redacted on {Day(redacted)}.";
            var on = $"Its content is erased on {Day(d.ContentErasedOn)}, when the last of these purposes no longer needs it";
            return d.LegalHolds.Count > 0 ? on + ", unless a legal hold still covers it then." : on + ".";
        }
    }

    /// <summary>The training act that applies to this record, if any: acts never offer what would change nothing.</summary>
    private DecisionKind? TrainingAct => TrainingActs.For(_detail!.Record.TrainingFacts).Kind;

    /// <summary>What the act will and will not do, or why there is none.</summary>
    private string? TrainingActNote => TrainingActs.For(_detail!.Record.TrainingFacts).Note;

    private Task WithholdAsync() => TrainingActAsync(DecisionKind.Withhold);

    private Task ReleaseAsync() => TrainingActAsync(DecisionKind.Release);

    private Task TrainingActAsync(DecisionKind kind) => ActAsync(async employee =>
    {
        var result = kind == DecisionKind.Withhold
            ? await Decisions.WithholdAsync(employee, ActTarget.One(Id))
            : await Decisions.ReleaseAsync(employee, ActTarget.One(Id));
        await ReloadAsync();
        if (result.DecisionId is not { } decision)
        {
            Snackbar.Add(kind == DecisionKind.Withhold ? "Nothing changed: it was already withheld." : "Nothing changed: there was no withholding to release.", Severity.Info);
            return;
        }
        var message = kind == DecisionKind.Withhold ? "Withheld from model training." : "Released for model training.";
        if (kind == DecisionKind.Release && _detail is { Training.Eligible: false } still)
            message += $" It is still not used for training: {still.Training.Headline}";
        Snackbar.Add(message, Severity.Success, o =>
        {
            o.Action = "Undo";
            o.ActionColor = Color.Inherit;
            o.OnClick = _ => InvokeAsync(() => UndoAsync(decision));
            // Undo belongs to this page: it would act on a record the person no longer sees.
            o.CloseAfterNavigation = true;
        });
    });

    private Task UndoAsync(Guid decision) => ActAsync(async employee =>
    {
        var result = await Decisions.UndoAsync(employee, decision);
        await ReloadAsync();
        Snackbar.Add(result.Changed > 0 ? "Undone." : "Nothing to undo: a later act changed this record.", result.Changed > 0 ? Severity.Success : Severity.Info);
    });

    private Task FlagAsync() => ActAsync(async employee =>
    {
        var options = new DialogOptions { CloseOnEscapeKey = true, MaxWidth = MaxWidth.Small, FullWidth = true, BackdropClick = false };
        var dialog = await Dialogs.ShowAsync<FlagDialog>("Flag this record", options);
        if (await dialog.Result is not { Canceled: false, Data: FlagDialog.FlagRequest request })
            return;
        await Decisions.FlagAsync(employee, ActTarget.One(Id), request.Category, request.Note);
        await ReloadAsync();
        Snackbar.Add("Flagged. The record is kept out of model training until the privacy officer reviews your flag.", Severity.Success);
    });

    private Task DeleteAsync() => ActAsync(async employee =>
    {
        var preview = await Decisions.PreviewAsync(employee, DecisionKind.Delete, ActTarget.One(Id), _closing.Token);
        var options = new DialogOptions { CloseOnEscapeKey = true, MaxWidth = MaxWidth.Small, FullWidth = true, BackdropClick = false };
        var parameters = new DialogParameters<RecordDeleteDialog> { { d => d.Preview, preview } };
        var dialog = await Dialogs.ShowAsync<RecordDeleteDialog>("Delete this record?", parameters, options);
        if (await dialog.Result is not { Canceled: false })
            return;
        var result = await Decisions.DeleteAsync(employee, ActTarget.One(Id));
        await ReloadAsync();
        if (result.Held > 0)
            _error = "A legal hold covers this record, so it was not deleted: " + string.Join("; ", result.HoldReasons);
        else if (result.Changed > 0)
            Snackbar.Add("Deleted: the record's content is erased.", Severity.Success);
    });

    /// <summary>Runs one act at a time; a refusal is shown, not thrown.</summary>
    private async Task ActAsync(Func<EmployeeId, Task> act)
    {
        if (_busy || _employee is null || _closing.IsCancellationRequested)
            return;
        _busy = true;
        _error = null;
        try
        {
            await act(_employee.Id);
        }
        catch (ActRefusedException e)
        {
            _error = e.Message;
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
            // The person left while the page reloaded after the act; the act itself is durable.
            return;
        }
        finally
        {
            _busy = false;
        }
        StateHasChanged();
    }

    private static string Channel(RecordAccess a) => a.Channel switch
    {
        AccessChannel.TrainingExport => $"Sent to model training in export batch {Short(a.ActorId)}",
        AccessChannel.HrDisclosureDownload => "HR downloaded a disclosure of your data",
        AccessChannel.PrivacyOfficerReview => "The privacy officer reviewed your data",
        AccessChannel.OrganisationDisclosure => "Included in the organisation-wide disclosure",
        _ => a.Channel.ToString(),
    };

    private static string Short(string id) => Guid.TryParse(id, out var g) ? g.ToString("N")[..8] : id;

    // Leaving the page stops its reads; an act already asked for runs to completion, so what the person
    // confirmed is what happens. The token source is only cancelled: an act finishing later still reads it.
    public void Dispose() => _closing.Cancel();
}
