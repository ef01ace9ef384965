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

    public static SummaryFigures operator -(SummaryFigures a) => new(-a.Records, -a.Eligible, -a.Withheld, -a.Quarantined, -a.Deleted);

    public static SummaryFigures operator +(SummaryFigures a, SummaryFigures b) => new(
        a.Records + b.Records, a.Eligible + b.Eligible, a.Withheld + b.Withheld, a.Quarantined + b.Quarantined, a.Deleted + b.Deleted);
}
