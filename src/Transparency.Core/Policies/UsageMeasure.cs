namespace Transparency.Core.Policies;

/// <summary>
/// The figures of the works council's usage report, each counted per org unit, week and capture kind (or all kinds).
/// Record figures count the records captured that week; employee figures count the people behind them. A few figures
/// are never shown (<see cref="UsageMeasures.IsNeverShown"/>): they are what a shown total leaves when its shown parts
/// are subtracted, and are kept only so that <see cref="ReportSuppression"/> can tell whether that remainder is safe.
/// </summary>
public enum UsageMeasure
{
    /// <summary>Every record captured, tombstones included.</summary>
    Records,
    FeedsOperations,
    FeedsProduct,
    FeedsTraining,
    NotForOperations,
    NotForProduct,
    NotForTraining,

    /// <summary>Records feeding model training that the eligibility rule accepts.</summary>
    TrainingEligible,

    // The records feeding model training that are not eligible, each under the first reason that applies, in this order.
    WithheldByDecision,

    /// <summary>Withheld by a standing rule of an employee who has opted out of training entirely.</summary>
    WithheldByOptOut,
    WithheldByRule,
    WithheldBySensitiveContext,
    Quarantined,
    OtherwiseIneligible,

    /// <summary>Records neither deleted nor erased by retention.</summary>
    Live,
    Deleted,
    ErasedByRetention,

    // Flags raised that week (an employee's objection to one record or a selection), by where their review stands.
    FlagsRaised,
    FlagsOpen,
    FlagsUpheld,
    FlagsDismissed,

    // People: each counted once per org unit and week.
    EmployeesCovered,
    EmployeesWithholding,
    EmployeesOptedOut,
    EmployeesFlagging,
    EmployeesDeleting,
    EmployeesDownloading,
}

/// <summary>What each <see cref="UsageMeasure"/> is, and the sums that tie them together.</summary>
public static class UsageMeasures
{
    public static readonly IReadOnlyList<UsageMeasure> All = Enum.GetValues<UsageMeasure>();

    public static int Count { get; } = All.Count;

    /// <summary>Remainders that exist only to be checked: never shown, never downloaded.</summary>
    public static bool IsNeverShown(UsageMeasure m) =>
        m is UsageMeasure.NotForOperations or UsageMeasure.NotForProduct or UsageMeasure.NotForTraining or UsageMeasure.Live;

    /// <summary>Counts of people rather than records.</summary>
    public static bool IsPeople(UsageMeasure m) => m >= UsageMeasure.EmployeesCovered;

    /// <summary>
    /// Figures counted for all kinds together only: people (the same people are behind every kind, so a count per kind
    /// would give away who has none of one) and flags (one flag may cover records of several kinds).
    /// </summary>
    public static bool ForAllKindsOnly(UsageMeasure m) => IsPeople(m) || m is >= UsageMeasure.FlagsRaised and <= UsageMeasure.FlagsDismissed;

    /// <summary>
    /// The people whose use of a right a figure shows, when it shows one. A share of 0 % or 100 % of a group smaller
    /// than 2k is itself a statement about each member ("nobody in this team withholds"), so it is suppressed with
    /// the figures that would show the same.
    /// </summary>
    public static UsageMeasure? RightOf(UsageMeasure m) => m switch
    {
        UsageMeasure.EmployeesWithholding or UsageMeasure.WithheldByDecision or UsageMeasure.WithheldByRule => UsageMeasure.EmployeesWithholding,
        UsageMeasure.EmployeesOptedOut or UsageMeasure.WithheldByOptOut => UsageMeasure.EmployeesOptedOut,
        UsageMeasure.EmployeesFlagging or UsageMeasure.FlagsRaised or UsageMeasure.FlagsOpen or UsageMeasure.FlagsUpheld
            or UsageMeasure.FlagsDismissed or UsageMeasure.Quarantined => UsageMeasure.EmployeesFlagging,
        UsageMeasure.EmployeesDeleting or UsageMeasure.Deleted => UsageMeasure.EmployeesDeleting,
        UsageMeasure.EmployeesDownloading => UsageMeasure.EmployeesDownloading,
        _ => null,
    };

    /// <summary>
    /// Totals that equal the sum of their parts within one org unit, week and kind: where the total is shown, the
    /// parts that are not can be worked out together by subtraction.
    /// </summary>
    public static readonly IReadOnlyList<(UsageMeasure Total, UsageMeasure[] Parts)> Sums =
    [
        (UsageMeasure.Records, [UsageMeasure.FeedsOperations, UsageMeasure.NotForOperations]),
        (UsageMeasure.Records, [UsageMeasure.FeedsProduct, UsageMeasure.NotForProduct]),
        (UsageMeasure.Records, [UsageMeasure.FeedsTraining, UsageMeasure.NotForTraining]),
        (UsageMeasure.Records, [UsageMeasure.Live, UsageMeasure.Deleted, UsageMeasure.ErasedByRetention]),
        (UsageMeasure.FeedsTraining,
        [
            UsageMeasure.TrainingEligible, UsageMeasure.WithheldByDecision, UsageMeasure.WithheldByOptOut, UsageMeasure.WithheldByRule,
            UsageMeasure.WithheldBySensitiveContext, UsageMeasure.Quarantined, UsageMeasure.OtherwiseIneligible,
        ]),
        (UsageMeasure.FlagsRaised, [UsageMeasure.FlagsOpen, UsageMeasure.FlagsUpheld, UsageMeasure.FlagsDismissed]),
    ];
}
