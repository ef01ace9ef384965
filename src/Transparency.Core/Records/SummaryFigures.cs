using Transparency.Core.Policies;

namespace Transparency.Core.Records;

/// <summary>
/// The home summary's figures for some records, added up from grouped counts. Shared by the summary and its
/// rollup, so a count read from the rollup and one counted from the records mean the same thing. A deleted
/// record counts as deleted only, not also as withheld or quarantined (as in <see cref="RecordCounts"/>).
/// </summary>
public readonly record struct SummaryFigures(int Records, int Eligible, int Withheld, int Quarantined, int Deleted)
{
    private const IneligibilityReasons WithheldByEmployee = IneligibilityReasons.WithheldByRecord | IneligibilityReasons.WithheldByRule;

    /// <summary><paramref name="count"/> records that share the eligibility rule's reasons, flag and deletion state.</summary>
    public static SummaryFigures Of(IneligibilityReasons reasons, bool flagged, bool deleted, int count) => new(
        count,
        reasons == IneligibilityReasons.None ? count : 0,
        (reasons & WithheldByEmployee) != 0 && !deleted ? count : 0,
        flagged && !deleted ? count : 0,
        deleted ? count : 0);

    public static SummaryFigures operator -(SummaryFigures a) => new(-a.Records, -a.Eligible, -a.Withheld, -a.Quarantined, -a.Deleted);

    public static SummaryFigures operator +(SummaryFigures a, SummaryFigures b) => new(
        a.Records + b.Records, a.Eligible + b.Eligible, a.Withheld + b.Withheld, a.Quarantined + b.Quarantined, a.Deleted + b.Deleted);
}
