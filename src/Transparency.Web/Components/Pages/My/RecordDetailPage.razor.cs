using Microsoft.AspNetCore.Components;
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
/// One of the signed-in employee's records: its content, where it goes, what happened to it and who read it, and the acts on
/// it. Another employee's record looks exactly like one that does not exist.
/// </summary>
/// <remarks>
/// Rendered on the server without a circuit: most people open a record to read it, and every open circuit holds server
/// memory. The acts are forms handled here. Each one answers with a redirect to the page (Post/Redirect/Get), whose address
/// says what was done (<c>?done=</c>) and, after a withhold or a release, which decision Undo undoes (<c>?undo=</c>).
/// </remarks>
public partial class RecordDetailPage
{
    public const string RecordsPath = "/my/records";

    // The steps a dialog used to be (?act=…), the forms, and what the address says an act did (?done=…).
    internal const string FlagStep = "flag";
    internal const string DeleteStep = "delete";
    internal const string TrainingForm = "training";
    internal const string UndoForm = "undo";
    internal const string WithholdAct = "withhold";
    internal const string ReleaseAct = "release";

    [Inject] private CurrentEmployee Current { get; set; } = default!;
    [Inject] private RecordDetailService Details { get; set; } = default!;
    [Inject] private DecisionService Decisions { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Parameter] public Guid Id { get; set; }

    /// <summary>Where "back" goes: the records list as the employee left it (filter, page), when it is one.</summary>
    [SupplyParameterFromQuery(Name = "back")] public string? Back { get; set; }

    /// <summary>The step the page shows: the flag form or the delete confirmation.</summary>
    [SupplyParameterFromQuery(Name = "act")] public string? Act { get; set; }

    /// <summary>What the act before this page did (<see cref="Done"/>).</summary>
    [SupplyParameterFromQuery(Name = "done")] public string? DoneQuery { get; set; }

    /// <summary>The withhold or release that Undo undoes (text: an address that names no decision shows no Undo, not an error).</summary>
    [SupplyParameterFromQuery(Name = "undo")] public string? UndoQuery { get; set; }

    /// <summary>The time zone the reader's browser named; UTC until it has (App.razor).</summary>
    [CascadingParameter(Name = LocalTimes.ReaderZone)] public TimeZoneInfo? ReaderZone { get; set; }

    [SupplyParameterFromForm(FormName = TrainingForm, Name = "act")] private string? PostedTrainingAct { get; set; }

    [SupplyParameterFromForm(FormName = UndoForm, Name = "decision")] private string? PostedUndo { get; set; }

    private EmployeeProfile? _employee;
    private RecordDetail? _detail;
    private ActPreview? _deletePreview;
    private string? _error;

    private TimeZoneInfo Zone => ReaderZone ?? TimeZoneInfo.Utc;

    protected override async Task OnParametersSetAsync()
    {
        _employee = await Current.GetAsync();
        await ReloadAsync();
    }

    private async Task ReloadAsync()
    {
        _detail = _employee is null ? null : await Details.GetAsync(_employee.Id, Id);
        // The confirmation says what deleting would do now, or which hold keeps the record.
        _deletePreview = _detail is not null && Act == DeleteStep
            ? await Decisions.PreviewAsync(_employee!.Id, DecisionKind.Delete, ActTarget.One(Id))
            : null;
    }

    /// <summary>A local <c>/my/records…</c> address; anything else (another site, another page) is ignored.</summary>
    public static bool IsRecordsPath(string? path) =>
        path is not null
        && path.StartsWith(RecordsPath, StringComparison.Ordinal)
        && (path.Length == RecordsPath.Length || path[RecordsPath.Length] is '?' or '/' or '#')
        && !path.Contains('\\')
        && !path.Any(char.IsControl)
        && Uri.IsWellFormedUriString(path, UriKind.Relative);

    private Guid? UndoOf => Guid.TryParse(UndoQuery, out var decision) ? decision : null;

    private string BackHref => IsRecordsPath(Back) ? Back! : RecordsPath;

    /// <summary>This page's address, at a step or after an act, keeping where "back" goes.</summary>
    private string Here(string? act = null, Done? done = null, Guid? undo = null)
    {
        var query = new List<string>();
        if (act is not null)
            query.Add("act=" + act);
        if (done is { } d)
            query.Add("done=" + DoneWords.Key(d));
        if (undo is { } u)
            query.Add("undo=" + u);
        if (IsRecordsPath(Back))
            query.Add("back=" + Uri.EscapeDataString(Back!));
        return $"{RecordsPath}/{Id}" + (query.Count == 0 ? "" : "?" + string.Join('&', query));
    }

    private string PageTitle => _detail is null ? "Record not found" : Heading;

    private string Heading =>
        _detail is null ? "Record"
        : !string.IsNullOrWhiteSpace(_detail.Record.Summary) ? CapturedText.Visible(_detail.Record.Summary)
        : _detail.Record.ContentErased ? $"Erased record · {Words.Of(_detail.Record.Kind)}"
        : $"Record · {Words.Of(_detail.Record.Kind)}";

    private string When(DateTime utc) =>
        LocalTimes.ZoneName(Zone) == "UTC" ? LocalTimes.Utc(utc) : $"{LocalTimes.Format(utc, Zone)} ({LocalTimes.Utc(utc)})";

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

    private string Day(DateTime utc) => LocalTimes.ToLocal(utc, Zone).ToString("yyyy-MM-dd");

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

    /// <summary>What the page says the last act did, when the record as it is now agrees (<see cref="DoneWords.Status"/>).</summary>
    private DoneWords.Said? Status =>
        _detail is not null && DoneWords.Parse(DoneQuery) is { } done ? DoneWords.Status(done, _detail, UndoOf is not null) : null;

    private Task TrainingActAsync() => ActAsync(async employee =>
    {
        var withhold = PostedTrainingAct == WithholdAct;
        if (!withhold && PostedTrainingAct != ReleaseAct)
            throw new ActRefusedException("Choose to withhold the record from training or to release it.");
        var result = withhold
            ? await Decisions.WithholdAsync(employee, ActTarget.One(Id))
            : await Decisions.ReleaseAsync(employee, ActTarget.One(Id));
        Navigation.NavigateTo(result.DecisionId is { } decision
            ? Here(done: withhold ? Done.Withheld : Done.Released, undo: decision)
            : Here(done: withhold ? Done.AlreadyWithheld : Done.NothingToRelease));
    });

    private Task UndoAsync() => ActAsync(async employee =>
    {
        if (!Guid.TryParse(PostedUndo, out var decision))
            throw new ActRefusedException("There is no such act of yours to undo.");
        var result = await Decisions.UndoAsync(employee, decision);
        Navigation.NavigateTo(Here(done: result.Changed > 0 ? Done.Undone : Done.NothingToUndo));
    });

    private Task FlagAsync(FlagDialog.FlagRequest request) => ActAsync(async employee =>
    {
        var result = await Decisions.FlagAsync(employee, ActTarget.One(Id), request.Category, request.Note);
        Navigation.NavigateTo(result.DecisionId is null ? Here() : Here(done: Done.Flagged));
    });

    private Task DeleteAsync() => ActAsync(async employee =>
    {
        var result = await Decisions.DeleteAsync(employee, ActTarget.One(Id));
        if (result.Held > 0)
        {
            // A hold placed after the confirmation showed: nothing is erased, and the page says which hold and why.
            _error = "A legal hold covers this record, so it was not deleted: " + string.Join("; ", result.HoldReasons);
            await ReloadAsync();
            return;
        }
        Navigation.NavigateTo(result.Changed > 0 ? Here(done: Done.Deleted) : Here());
    });

    /// <summary>Runs an act for the signed-in employee; a refusal is shown on the page, which then shows the record as it is.</summary>
    private async Task ActAsync(Func<EmployeeId, Task> act)
    {
        if (_employee is null || _detail is null)
            return;
        try
        {
            await act(_employee.Id);
        }
        catch (ActRefusedException e)
        {
            _error = e.Message;
            await ReloadAsync();
        }
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
}

/// <summary>What an act on the record page did, as the page's address says it after the act.</summary>
internal enum Done { Withheld, Released, AlreadyWithheld, NothingToRelease, Undone, NothingToUndo, Flagged, Deleted }

/// <summary>The record page's words for what an act did: the snackbars' words from when the page had a circuit.</summary>
internal static class DoneWords
{
    /// <summary>A status to show: its text, whether it tells of a change (or of none), and whether Undo goes with it.</summary>
    internal sealed record Said(string Text, bool Success, bool Undoable = false);

    private static readonly Dictionary<Done, string> Keys = new()
    {
        [Done.Withheld] = "withheld", [Done.Released] = "released", [Done.AlreadyWithheld] = "already-withheld",
        [Done.NothingToRelease] = "nothing-to-release", [Done.Undone] = "undone", [Done.NothingToUndo] = "nothing-to-undo",
        [Done.Flagged] = "flagged", [Done.Deleted] = "deleted",
    };

    public static string Key(Done done) => Keys[done];

    public static Done? Parse(string? key) => Keys.FirstOrDefault(k => k.Value == key) is { Value: not null } found ? found.Key : null;

    /// <summary>
    /// The status for <paramref name="done"/>, or none when the record as it is now does not agree with it. An address can be
    /// bookmarked, gone back to or sent by someone else: it never makes the page say an act happened that the record does
    /// not show (Back after an Undo no longer says "Withheld", and offers no Undo).
    /// </summary>
    public static Said? Status(Done done, RecordDetail detail, bool hasUndo)
    {
        var r = detail.Record;
        return done switch
        {
            Done.Withheld when r.TrainingChoice == TrainingChoice.Withheld && !r.ContentErased =>
                new("Withheld from model training.", true, hasUndo),
            Done.Released when r.TrainingChoice != TrainingChoice.Withheld && !r.ContentErased =>
                new("Released for model training." + (detail.Training.Eligible ? "" : $" It is still not used for training: {detail.Training.Headline}"), true, hasUndo),
            Done.AlreadyWithheld when r.TrainingChoice == TrainingChoice.Withheld => new("Nothing changed: it was already withheld.", false),
            Done.NothingToRelease when r.TrainingChoice != TrainingChoice.Withheld => new("Nothing changed: there was no withholding to release.", false),
            Done.Undone => new("Undone.", true),
            Done.NothingToUndo => new("Nothing to undo: a later act changed this record.", false),
            Done.Flagged when r.HasOpenFlag => new("Flagged. The record is kept out of model training until the privacy officer reviews your flag.", true),
            Done.Deleted when r.DeletedAt is not null => new("Deleted: the record's content is erased.", true),
            _ => null,
        };
    }
}
