using Microsoft.AspNetCore.Components;
using MudBlazor;
using Transparency.Core.Decisions;
using Transparency.Core.Employees;
using Transparency.Core.EventStore;
using Transparency.Core.Records;
using Transparency.Web.Auth;

namespace Transparency.Web.Components.Pages.My;

public sealed partial class RulesPage : IDisposable
{
    [Inject] private CurrentEmployee Current { get; set; } = default!;
    [Inject] private StandingRuleService Rules { get; set; } = default!;
    [Inject] private RecordQueryService RecordQueries { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private bool _loading = true;
    private EmployeeProfile? _employee;
    private IReadOnlyList<RuleSummary> _rules = [];
    private RecordFacets _facets = new([], []);
    private RulePreview? _optOutPreview;

    private CaptureKind? _kind;
    private string? _application;
    private string? _site;
    private DateTime? _from;
    private DateTime? _before;

    private IReadOnlyList<string> _problems = [];
    private bool _dateOrderProblem;
    private RulePreview? _preview;
    private bool _saving;
    private CancellationTokenSource? _previewing;

    private bool OptedOut => _rules.Any(r => r.Rule.IsGlobalOptOut);

    private RuleDraft Draft => new(_kind, Blank(_application), Blank(_site),
        _from is { } from ? DateOnly.FromDateTime(from) : null,
        _before is { } before ? DateOnly.FromDateTime(before) : null);

    // "Everything" is its own choice with its own confirmation, never the accidental result of an empty form.
    private bool DraftIsEmpty => Draft == RuleDraft.Everything;

    private bool CanSave => !DraftIsEmpty && _problems.Count == 0 && _preview is not null && !_saving;

    protected override async Task OnInitializedAsync()
    {
        _employee = await Current.GetAsync();
        if (_employee is not null)
        {
            _facets = await RecordQueries.FacetsAsync(_employee.Id);
            await LoadRulesAsync();
        }
        _loading = false;
    }

    private async Task LoadRulesAsync()
    {
        _rules = await Rules.ListAsync(_employee!.Id);
        _optOutPreview = OptedOut ? null : await Rules.PreviewAsync(_employee.Id, RuleDraft.Everything);
    }

    // What a draft would newly withhold depends on the rules already in force.
    private async Task RulesChangedAsync()
    {
        await LoadRulesAsync();
        await DraftChangedAsync();
    }

    private Task KindChangedAsync(CaptureKind? kind) { _kind = kind; return DraftChangedAsync(); }
    private Task ApplicationChangedAsync(string? application) { _application = application; return DraftChangedAsync(); }
    private Task SiteChangedAsync(string? site) { _site = site; return DraftChangedAsync(); }
    private Task FromChangedAsync(DateTime? from) { _from = from; return DraftChangedAsync(); }
    private Task BeforeChangedAsync(DateTime? before) { _before = before; return DraftChangedAsync(); }

    /// <summary>Recomputes the effect of the draft; a newer change cancels an older, slower preview.</summary>
    private async Task DraftChangedAsync()
    {
        _previewing?.Cancel();
        _previewing?.Dispose();
        _previewing = null;
        _preview = null;
        var draft = Draft;
        _problems = draft.Validate();
        _dateOrderProblem = draft is { CapturedFrom: { } f, CapturedBefore: { } b } && f >= b;
        if (_problems.Count > 0 || DraftIsEmpty)
            return;

        var previewing = _previewing = new CancellationTokenSource();
        try
        {
            var preview = await Rules.PreviewAsync(_employee!.Id, draft, previewing.Token);
            if (!previewing.IsCancellationRequested)
                _preview = preview;
        }
        catch (OperationCanceledException) when (previewing.IsCancellationRequested)
        {
        }
        catch (ActRefusedException refused)
        {
            _problems = [refused.Message];
        }
    }

    private async Task SaveAsync()
    {
        if (!CanSave)
            return;
        _saving = true;
        try
        {
            var saved = await Rules.AddAsync(_employee!.Id, Draft);
            var withheld = _preview!.NewlyWithheld;
            (_kind, _application, _site, _from, _before) = (null, null, null, null, null);
            await RulesChangedAsync();
            Snackbar.Add($"Rule saved: {Sentence(saved.Description)}. {Records(withheld)} withheld from training.", Severity.Success);
        }
        catch (ActRefusedException refused)
        {
            _problems = [refused.Message];
        }
        finally
        {
            _saving = false;
        }
    }

    private async Task OptOutAsync()
    {
        var preview = _optOutPreview ?? await Rules.PreviewAsync(_employee!.Id, RuleDraft.Everything);
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Opt out of model training entirely?",
            $"None of your records will be used for model training: not the {Records(preview.Covers)} held today " +
            $"({preview.NewlyWithheld:N0} of them used for training now), and not any record captured later. " +
            "Other purposes are not affected. You can opt back in by removing the rule.",
            yesText: "Opt out", cancelText: "Cancel");
        if (confirmed != true)
            return;
        _saving = true;
        try
        {
            await Rules.AddAsync(_employee!.Id, RuleDraft.Everything);
            await RulesChangedAsync();
            Snackbar.Add($"You opted out of model training. {Records(preview.NewlyWithheld)} withheld from training.", Severity.Success);
        }
        catch (ActRefusedException refused)
        {
            Snackbar.Add(refused.Message, Severity.Warning);
        }
        finally
        {
            _saving = false;
        }
    }

    private async Task RemoveAsync(RuleSummary rule)
    {
        var released = rule.WithheldOnlyByThis;
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Remove this rule?",
            $"“{Sentence(rule.Description)}.” {Records(released)} {(released == 1 ? "becomes" : "become")} eligible for training again; " +
            "records withheld otherwise stay withheld. Records captured later are no longer covered by this rule.",
            yesText: "Remove rule", cancelText: "Keep rule");
        if (confirmed != true)
            return;
        try
        {
            await Rules.RemoveAsync(_employee!.Id, rule.Rule.Id);
            Snackbar.Add($"Rule removed: {Sentence(rule.Description)}. {Records(released)} eligible for training again.", Severity.Success);
        }
        catch (ActRefusedException refused)
        {
            Snackbar.Add(refused.Message, Severity.Warning);
        }
        await RulesChangedAsync();
    }

    private Task ClearDraftAsync()
    {
        (_kind, _application, _site, _from, _before) = (null, null, null, null, null);
        return DraftChangedAsync();
    }

    private Task<IEnumerable<string>> SearchApplications(string? text, CancellationToken ct) => Task.FromResult(Matching(_facets.Applications, text));
    private Task<IEnumerable<string>> SearchSites(string? text, CancellationToken ct) => Task.FromResult(Matching(_facets.Sites, text));

    private static IEnumerable<string> Matching(IReadOnlyList<string> choices, string? text) =>
        string.IsNullOrWhiteSpace(text) ? choices : choices.Where(c => c.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase));

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    internal static string Sentence(string description) =>
        description.Length == 0 ? description : char.ToUpperInvariant(description[0]) + description[1..];

    internal static string Records(int count) => count == 1 ? "1 record" : $"{count:N0} records";

    public void Dispose()
    {
        _previewing?.Cancel();
        _previewing?.Dispose();
    }
}
