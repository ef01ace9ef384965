using Transparency.Core.Policies;

namespace Transparency.Core.Rollups;

/// <summary>
/// The home summary's figures for some records, added up from grouped counts. Shared by the summary and its
/// rollup, so a count read from the rollup and one counted from the records mean the same thing; which record counts
/// in which figure is <see cref="TrainingFigure"/>'s (a deleted record counts as deleted only).
/// </summary>
public readonly record struct SummaryFigures(int Records, int Eligible, int Withheld, int Quarantined, int Deleted)
{
    /// <summary><paramref name="count"/> records that fail the same clauses of the eligibility rule, each counted in the figures <see cref="TrainingStatusRule"/> counts it in.</summary>
    public static SummaryFigures Of(IneligibilityReasons reasons, int count) => new(
        count,
        TrainingStatusRule.Counts(TrainingFigure.Eligible, reasons) ? count : 0,
        TrainingStatusRule.Counts(TrainingFigure.Withheld, reasons) ? count : 0,
        TrainingStatusRule.Counts(TrainingFigure.Quarantined, reasons) ? count : 0,
        TrainingStatusRule.Counts(TrainingFigure.Deleted, reasons) ? count : 0);

    /// <summary>
    /// <paramref name="count"/> records of a group keyed also by its flag and deletion, which the reasons already carry
    /// (<see cref="IneligibilityReasons.Quarantined"/>, <see cref="IneligibilityReasons.Deleted"/>): a key that
    /// disagrees with its reasons would count a record under a figure its chip does not show, so it is refused.
    /// </summary>
    public static SummaryFigures Of(IneligibilityReasons reasons, bool flagged, bool deleted, int count) =>
        flagged == reasons.HasFlag(IneligibilityReasons.Quarantined) && deleted == reasons.HasFlag(IneligibilityReasons.Deleted)
            ? Of(reasons, count)
            : throw new ArgumentException($"The group's flag ({flagged}) and deletion ({deleted}) disagree with its reasons ({reasons}).");

    public static SummaryFigures operator -(SummaryFigures a) => new(-a.Records, -a.Eligible, -a.Withheld, -a.Quarantined, -a.Deleted);

    public static SummaryFigures operator +(SummaryFigures a, SummaryFigures b) => new(
        a.Records + b.Records, a.Eligible + b.Eligible, a.Withheld + b.Withheld, a.Quarantined + b.Quarantined, a.Deleted + b.Deleted);
}
