using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Primitives;
using MudBlazor;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Reports;
using Transparency.Web.Auth;
using Transparency.Web.Components.Shared;

namespace Transparency.Web.Components.Pages.Council;

/// <summary>
/// The works council's usage report. The question lives in the address (<see cref="ReportQuery"/>), read on each request: the
/// page's form asks by sending a new address, and the report, its CSV and its PDF always answer the same question. Every
/// figure comes from <see cref="UsageReportService"/> with whether it may be shown; this page only formats it.
/// </summary>
public partial class ReportsPage
{
    private static readonly UsageMeasure[] PurposeMeasures =
        [UsageMeasure.Records, UsageMeasure.FeedsOperations, UsageMeasure.FeedsProduct, UsageMeasure.FeedsTraining];
    private static readonly UsageMeasure[] RecordsColumn = [UsageMeasure.Records];
    private static readonly UsageMeasure[] RightsMeasures =
    [
        UsageMeasure.EmployeesCovered, UsageMeasure.EmployeesWithholding, UsageMeasure.EmployeesOptedOut, UsageMeasure.EmployeesFlagging,
        UsageMeasure.EmployeesDeleting, UsageMeasure.EmployeesDownloading, UsageMeasure.FlagsRaised, UsageMeasure.FlagsOpen,
        UsageMeasure.FlagsUpheld, UsageMeasure.FlagsDismissed,
    ];

    // The question's parts, as the address has them.
    [SupplyParameterFromQuery(Name = "unit")] public string? Unit { get; set; }
    [SupplyParameterFromQuery(Name = "period")] public string? Period { get; set; }
    [SupplyParameterFromQuery(Name = "from")] public string? From { get; set; }
    [SupplyParameterFromQuery(Name = "to")] public string? To { get; set; }
    [SupplyParameterFromQuery(Name = "kind")] public string? Kind { get; set; }

    [Inject] private UsageReportService Reports { get; set; } = null!;
    [Inject] private TimeProvider Clock { get; set; } = null!;
    [CascadingParameter] private Task<AuthenticationState> Authentication { get; set; } = null!;

    private int _k = MinimumGroupSize.Floor;
    private string? _problem;
    private UsageQuery? _query;
    private UsageReport? _report;

    // What the form shows: the question answered, or, when the address asks nothing answerable, the nearest one.
    private UsageQuery _form = null!;
    private string _fromValue = "";
    private string _toValue = "";
    private bool _periodProblem;
    private bool _answered;
    private IReadOnlyList<(string Id, string Label)> _unitOptions = [];
    private IReadOnlyList<(string Value, string Label)> _stepOptions = [];
    private List<(string Name, string? Href)> _path = [];

    private List<ChartSeries<double>> _purposeSeries = [];
    private List<ChartSeries<double>> _shareSeries = [];
    private List<ChartSeries<double>> _reasonSeries = [];
    private string[] _stepLabels = [];
    private string[] _reasonLabels = [];
    private double[] _reasonValues = [];
    private readonly LineChartOptions _shareOptions = new() { YAxisFormat = "0'%'", ShowDataMarkers = true };

    private string? PdfHref => _report is null ? null : "/council/reports/usage.pdf" + ReportQuery.ToQueryString(_report.Query);
    private string? CsvHref => _report is null ? null : "/council/reports/usage.csv" + ReportQuery.ToQueryString(_report.Query);
    private string KindWords => _report?.Query.Kind is { } kind ? $", {Words.Of(kind)} only" : "";
    private string StepWord => _report?.Query.Period.Unit == PeriodUnit.Month ? "month" : "week";
    private string StepHeader => _report?.Query.Period.Unit == PeriodUnit.Month ? "Month" : "Week";

    private IReadOnlyList<UsageMeasure> OverviewMeasures => ReportWords.Shown.Where(m => _report is not null && ReportWords.AppliesTo(m, _report)).ToList();
    private IReadOnlyList<UsageMeasure> KindMeasures => ReportWords.Shown.Where(m => !UsageMeasures.ForAllKindsOnly(m)).ToList();

    private IReadOnlyList<FigureLine> TrendRows => _report!.Trend.Select(s => new FigureLine(s.Bucket.Label, s.Figures, s.Bucket.Weeks)).ToList();

    private IReadOnlyList<FigureLine> TrendRowsWithTotal =>
        [.. TrendRows, new FigureLine($"Whole period ({_report!.Weeks} weeks)", _report.Total, _report.Weeks)];

    private IReadOnlyList<FigureLine> SubUnitRows => _report!.SubUnits
        .Select(s => new FigureLine(s.Unit.Name, s.Figures, _report.Weeks, s.CanOpen ? Href(_report.Query with { OrgUnitId = s.Unit.Id }) : null))
        .ToList();

    private IReadOnlyList<FigureLine> KindRows => _report!.Kinds.Select(k => new FigureLine(Words.Of(k.Kind), k.Figures, _report.Weeks)).ToList();

    private IReadOnlyList<FigureLine> ReasonRows =>
        [
            new FigureLine("Training-eligible", Only(UsageMeasure.TrainingEligible), _report!.Weeks),
            .. ReportWords.WithholdingReasons.Select(m => new FigureLine(ReportWords.Short(m), Only(m), _report.Weeks)),
        ];

    /// <summary>A one-figure row for the reasons table: the figure under the Records column.</summary>
    private FigureRow Only(UsageMeasure m) => new(new Dictionary<UsageMeasure, PlannedCell> { [UsageMeasure.Records] = _report!.Total[m] });

    protected override async Task OnParametersSetAsync()
    {
        // Everything the form shows is known before the first await: the page renders once while the store answers.
        var asked = new Dictionary<string, StringValues>
        {
            ["unit"] = Unit, ["period"] = Period, ["from"] = From, ["to"] = To, ["kind"] = Kind,
        };
        var now = Clock.GetUtcNow().UtcDateTime;
        (_query, _problem) = ReportQuery.Parse(asked, now);
        _form = _query ?? ReportQuery.Nearest(asked, now);
        (_fromValue, _toValue) = StepValues(_form.Period);
        if (_query is null)
        {
            // The form shows the period's ends as asked where they can be read, so the one to change is in view.
            _fromValue = StepOf(From, _form.Period.Unit) ?? _fromValue;
            _toValue = StepOf(To, _form.Period.Unit) ?? _toValue;
        }
        _stepOptions = StepOptions(_form.Period.Unit, now, _fromValue, _toValue);
        _periodProblem = _problem == ReportPeriod.Backwards;

        _unitOptions = OrgUnitChoices.For(await Reports.HierarchyAsync());
        if (_query is not null)
        {
            var user = (await Authentication).User;
            _report = await Reports.ReportAsync(_query, AppClaims.ReportViewerOf(user, ReportFormat.Page));
            _k = _report?.MinimumGroupSize ?? _k;
            if (_report is not null)
                BuildCharts(_report);
        }
        _answered = true;
    }

    private void BuildCharts(UsageReport report)
    {
        _path = report.Path
            .Select((u, i) => (u.Name, i == report.Path.Count - 1 ? null : Href(report.Query with { OrgUnitId = u.ParentId is null ? null : u.Id })))
            .ToList();
        _stepLabels = report.Trend.Select(s => report.Query.Period.Unit == PeriodUnit.Week ? ReportPeriod.IsoWeek(s.Bucket.FirstWeek) : s.Bucket.Label).ToArray();
        _purposeSeries = PurposeMeasures.Skip(1)
            .Select(m => new ChartSeries<double> { Name = ReportWords.Short(m), Data = new ChartData<double>(report.Trend.Select(s => Point(s.Figures[m])).ToList()) })
            .ToList();
        _shareSeries =
        [
            new ChartSeries<double> { Name = "Feeding model training", Data = new ChartData<double>(report.Trend.Select(s => Percent(TrainingShare(s.Figures))).ToList()) },
            new ChartSeries<double> { Name = "Training-eligible, of those", Data = new ChartData<double>(report.Trend.Select(s => Percent(EligibleShare(s.Figures))).ToList()) },
        ];
        var reasons = ReportWords.WithholdingReasons.Where(m => report.Total[m] is { Shown: true, Value: > 0 }).ToList();
        _reasonLabels = reasons.Select(ReportWords.Short).ToArray();
        _reasonValues = reasons.Select(m => (double)report.Total[m].Value).ToArray();
        _reasonSeries = [new ChartSeries<double> { Name = "Records", Data = new ChartData<double>(_reasonValues) }];
    }

    private static double? Point(PlannedCell cell) => cell.Shown ? cell.Value : null;
    private static double? Percent(double? share) => share is { } s ? Math.Round(s * 100, 1) : null;
    private static double? TrainingShare(FigureRow f) => ReportWords.Share(f[UsageMeasure.FeedsTraining], f[UsageMeasure.Records]);
    private static double? EligibleShare(FigureRow f) => ReportWords.Share(f[UsageMeasure.TrainingEligible], f[UsageMeasure.FeedsTraining]);

    private IEnumerable<(string Label, string Value)> Headlines
    {
        get
        {
            var t = _report!.Total;
            yield return ("Records captured", ReportWords.Text(t[UsageMeasure.Records], UsageMeasure.Records, _report.Weeks, _k));
            yield return ("Share feeding model training", ReportWords.ShareText(TrainingShare(t)));
            yield return ("Of those, training-eligible", ReportWords.ShareText(EligibleShare(t)));
            if (_report.Query.Kind is null)
                yield return ("Employees withholding, a week on average",
                    $"{ReportWords.Text(t[UsageMeasure.EmployeesWithholding], UsageMeasure.EmployeesWithholding, _report.Weeks, _k)} of " +
                    ReportWords.Text(t[UsageMeasure.EmployeesCovered], UsageMeasure.EmployeesCovered, _report.Weeks, _k));
        }
    }

    private string Summary
    {
        get
        {
            var t = _report!.Total;
            var training = TrainingShare(t);
            var eligible = EligibleShare(t);
            return $"In {_report.Unit.Name}, {_report.Query.Period.Describe()}{KindWords}: " +
                   $"{ReportWords.Text(t[UsageMeasure.Records], UsageMeasure.Records, _report.Weeks, _k)} records captured; " +
                   (training is { } s ? $"{s.ToString("P1", CultureInfo.InvariantCulture)} of them feed model training" : "the share feeding model training is suppressed") +
                   (eligible is { } e ? $", and {e.ToString("P1", CultureInfo.InvariantCulture)} of those may be released for training." : ".");
        }
    }

    private string PurposeChartSummary =>
        $"Stacked bars of records feeding each purpose, {StepWord} by {StepWord}: " +
        string.Join("; ", _report!.Trend.Select(s => $"{s.Bucket.Label}: " + string.Join(", ",
            PurposeMeasures.Skip(1).Select(m => $"{ReportWords.Short(m)} {ReportWords.Text(s.Figures[m], m, s.Bucket.Weeks, _k)}")))) + ".";

    private string ShareChartSummary =>
        $"Lines of the share feeding model training and the share of those eligible, {StepWord} by {StepWord}: " +
        string.Join("; ", _report!.Trend.Select(s => $"{s.Bucket.Label}: {ReportWords.ShareText(TrainingShare(s.Figures))} and {ReportWords.ShareText(EligibleShare(s.Figures))}")) + ".";

    private string ReasonChartSummary =>
        "Donut of why records feeding model training are not eligible: " +
        string.Join(", ", ReportWords.WithholdingReasons.Select(m => $"{ReportWords.Short(m)} {ReportWords.Text(_report!.Total[m], m, _report.Weeks, _k)}")) + ".";

    private static string Href(UsageQuery query) => "/council/reports" + ReportQuery.ToQueryString(query);

    private static string? Invalid(bool invalid) => invalid ? "true" : null;

    /// <summary>A week or month as the form's select has it (2026-W05, 2026-11), or null when the text is not one.</summary>
    private static string? StepOf(string? text, PeriodUnit unit)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        try
        {
            return unit == PeriodUnit.Week
                ? ReportPeriod.IsoWeek(ReportQuery.ParseWeek(text))
                : ReportQuery.ParseMonth(text).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static (string, string) StepValues(ReportPeriod period) => period.Unit == PeriodUnit.Week
        ? (ReportPeriod.IsoWeek(period.First), ReportPeriod.IsoWeek(period.Last))
        : (period.First.ToString("yyyy-MM", CultureInfo.InvariantCulture), period.Last.ToString("yyyy-MM", CultureInfo.InvariantCulture));

    /// <summary>
    /// The last year of weeks or months to choose from, newest first, with the period's own ends among them when they are
    /// older: a select shows only what it offers, and the form would otherwise ask another period than the one shown.
    /// </summary>
    private static List<(string, string)> StepOptions(PeriodUnit unit, DateTime now, params string[] chosen)
    {
        List<(string Value, string Label)> options;
        if (unit == PeriodUnit.Week)
        {
            var week = Core.Rollups.UsageWeeks.StartOf(now);
            options = Enumerable.Range(0, ReportPeriod.MaxBuckets).Select(i => week.AddDays(-7 * i))
                .Select(w => (ReportPeriod.IsoWeek(w), ReportPeriod.WeekLabel(w) + (w == week ? ", in progress" : "")))
                .ToList();
            options.AddRange(chosen.Where(c => options.All(o => o.Value != c)).Distinct()
                .Select(c => (c, ReportPeriod.WeekLabel(ReportQuery.ParseWeek(c)))));
        }
        else
        {
            var month = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc);
            options = Enumerable.Range(0, 12).Select(i => month.AddMonths(-i))
                .Select(m => (m.ToString("yyyy-MM", CultureInfo.InvariantCulture), MonthLabel(m) + (m == month ? ", in progress" : "")))
                .ToList();
            options.AddRange(chosen.Where(c => options.All(o => o.Value != c)).Distinct()
                .Select(c => (c, MonthLabel(ReportQuery.ParseMonth(c)))));
        }
        // ISO weeks and months written with four-digit years sort as text.
        return options.OrderByDescending(o => o.Value, StringComparer.Ordinal).ToList();
    }

    private static string MonthLabel(DateTime month) => month.ToString("MMMM yyyy", CultureInfo.InvariantCulture);
}
