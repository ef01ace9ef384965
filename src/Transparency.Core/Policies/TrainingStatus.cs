using System.Linq.Expressions;
using Transparency.Core.EventStore;

namespace Transparency.Core.Policies;

/// <summary>
/// What the app says about one record and model training: the one status its chip shows on the records list and the
/// record page. Read from the eligibility rule's reasons alone (<see cref="TrainingStatusRule.Of"/>): when a record
/// fails several clauses, the status is the first of them in the order of this enum, so a record that is gone says
/// so before anything decided about it, and one that never feeds training says that before any choice.
/// </summary>
public enum TrainingStatus
{
    /// <summary>May leave for training now: it fails no clause, which is <see cref="TrainingEligibility.IsEligible"/>, what the export sends.</summary>
    Eligible,
    Deleted,
    Redacted,

    /// <summary>Its content was erased when its retention ran out.</summary>
    Purged,
    NotForTraining,

    /// <summary>Flagged, and the privacy officer has not resolved the flag yet.</summary>
    Quarantined,

    /// <summary>Withheld by the employee's decision on the record itself.</summary>
    WithheldByRecord,

    /// <summary>Withheld by one of the employee's standing rules, the global opt-out included.</summary>
    WithheldByRule,

    /// <summary>Captured in a sensitive context, which withholds by default.</summary>
    SensitiveContext,

    /// <summary>Older than the training retention, and nothing else keeps it out.</summary>
    OutsideRetention,
}

/// <summary>
/// The counts the app shows for a set of records: the home summary, the records page's figures, and the records
/// page's training filter, which lists what its count counts. Unlike <see cref="TrainingStatus"/> they overlap: a
/// record both flagged and withheld counts as withheld and as quarantined. A deleted record counts as deleted only,
/// so the figures describe what is still held.
/// </summary>
public enum TrainingFigure
{
    Eligible,
    NotEligible,

    /// <summary>Withheld by the employee: by the record's own decision or by a standing rule.</summary>
    Withheld,

    /// <summary>Flagged and waiting for review.</summary>
    Quarantined,
    Deleted,
}

/// <summary>
/// One record's state as far as its training status goes: the clauses of the eligibility rule it fails, and the
/// two fields an act on it depends on. Predicates over it are written once (<see cref="TrainingStatusRule"/>,
/// <see cref="TrainingActs"/>): compiled they read a loaded record, and <see cref="TrainingEligibility.Over"/> turns
/// them into the same test on the record in SQL.
/// </summary>
/// <param name="Reasons">The clauses the record fails, from <see cref="TrainingEligibility.Reasons"/>.</param>
public readonly record struct TrainingFacts(
    IneligibilityReasons Reasons,
    TrainingChoice TrainingChoice = TrainingChoice.None,
    SensitivityTags Sensitivity = SensitivityTags.None)
{
    /// <summary>True when the record fails any of <paramref name="clauses"/>.</summary>
    public bool Fails(IneligibilityReasons clauses) => (Reasons & clauses) != 0;

    /// <summary>True when the record fails none of <paramref name="clauses"/>.</summary>
    public bool Holds(IneligibilityReasons clauses) => (Reasons & clauses) == 0;
}

/// <summary>
/// The one reading of the eligibility rule's reasons into what the app shows: the status of a record
/// (<see cref="TrainingStatus"/>), the figures a set of records counts in (<see cref="TrainingFigure"/>), and the
/// cause a revocation keeps. Each is defined once here, over <see cref="TrainingFacts"/>; the list's filter and
/// counts apply the same definitions in SQL (<see cref="TrainingEligibility.Over"/>), so a chip, a count and a
/// filter cannot disagree about a record.
/// </summary>
public static class TrainingStatusRule
{
    /// <summary>Every clause of the eligibility rule.</summary>
    public const IneligibilityReasons EveryClause =
        IneligibilityReasons.NotForTraining | IneligibilityReasons.Deleted | IneligibilityReasons.Redacted | IneligibilityReasons.Purged
        | IneligibilityReasons.WithheldByRecord | IneligibilityReasons.WithheldByRule | IneligibilityReasons.Quarantined
        | IneligibilityReasons.SensitiveContext | IneligibilityReasons.OutsideRetention;

    /// <summary>The statuses a failing clause leads to, in the order they are told: the first clause a record fails is its status.</summary>
    private static readonly (TrainingStatus Status, IneligibilityReasons Clause)[] Shown =
    [
        (TrainingStatus.Deleted, IneligibilityReasons.Deleted),
        (TrainingStatus.Redacted, IneligibilityReasons.Redacted),
        (TrainingStatus.Purged, IneligibilityReasons.Purged),
        // A record that never feeds training is "not for training", whatever else is decided about it.
        (TrainingStatus.NotForTraining, IneligibilityReasons.NotForTraining),
        (TrainingStatus.Quarantined, IneligibilityReasons.Quarantined),
        (TrainingStatus.WithheldByRecord, IneligibilityReasons.WithheldByRecord),
        (TrainingStatus.WithheldByRule, IneligibilityReasons.WithheldByRule),
        (TrainingStatus.SensitiveContext, IneligibilityReasons.SensitiveContext),
        (TrainingStatus.OutsideRetention, IneligibilityReasons.OutsideRetention),
    ];

    private static readonly Dictionary<TrainingFigure, Expression<Func<TrainingFacts, bool>>> Figures = new()
    {
        [TrainingFigure.Eligible] = f => f.Holds(EveryClause),
        [TrainingFigure.NotEligible] = f => f.Fails(EveryClause),
        [TrainingFigure.Withheld] = f => f.Holds(IneligibilityReasons.Deleted)
                                         && f.Fails(IneligibilityReasons.WithheldByRecord | IneligibilityReasons.WithheldByRule),
        [TrainingFigure.Quarantined] = f => f.Holds(IneligibilityReasons.Deleted) && f.Fails(IneligibilityReasons.Quarantined),
        [TrainingFigure.Deleted] = f => f.Fails(IneligibilityReasons.Deleted),
    };

    private static readonly Dictionary<TrainingFigure, Func<TrainingFacts, bool>> FigureTests =
        Figures.ToDictionary(f => f.Key, f => f.Value.Compile());

    /// <summary>
    /// The clauses from the most lasting to the least: an erasure before the employee's choice before a quarantine.
    /// A revocation keeps the first one the record fails as its cause, for the store's own audit.
    /// </summary>
    private static readonly IneligibilityReasons[] ByPermanence =
    [
        IneligibilityReasons.Deleted, IneligibilityReasons.Purged, IneligibilityReasons.Redacted,
        IneligibilityReasons.WithheldByRecord, IneligibilityReasons.WithheldByRule, IneligibilityReasons.Quarantined,
        IneligibilityReasons.SensitiveContext, IneligibilityReasons.OutsideRetention, IneligibilityReasons.NotForTraining,
    ];

    /// <summary>The status of a record that fails <paramref name="reasons"/>.</summary>
    public static TrainingStatus Of(IneligibilityReasons reasons)
    {
        foreach (var (status, clause) in Shown)
            if ((reasons & clause) != 0)
                return status;
        return reasons == IneligibilityReasons.None
            ? TrainingStatus.Eligible
            : throw new ArgumentOutOfRangeException(nameof(reasons), reasons, "A clause of the eligibility rule has no training status.");
    }

    /// <summary>
    /// True for the records whose status is <paramref name="status"/>: they fail its clause and none told before it.
    /// The same definition as <see cref="Of"/>, as a predicate to apply in SQL through <see cref="TrainingEligibility.Over"/>.
    /// </summary>
    public static Expression<Func<TrainingFacts, bool>> Is(TrainingStatus status)
    {
        var facts = Expression.Parameter(typeof(TrainingFacts), "f");
        if (status == TrainingStatus.Eligible)
            return Expression.Lambda<Func<TrainingFacts, bool>>(Call(facts, nameof(TrainingFacts.Holds), EveryClause), facts);
        var at = Array.FindIndex(Shown, s => s.Status == status);
        if (at < 0)
            throw new ArgumentOutOfRangeException(nameof(status), status, "Not a training status.");
        var earlier = Shown.Take(at).Aggregate(IneligibilityReasons.None, (all, s) => all | s.Clause);
        Expression body = Call(facts, nameof(TrainingFacts.Fails), Shown[at].Clause);
        if (earlier != IneligibilityReasons.None)
            body = Expression.AndAlso(Call(facts, nameof(TrainingFacts.Holds), earlier), body);
        return Expression.Lambda<Func<TrainingFacts, bool>>(body, facts);
    }

    /// <summary>The records a figure counts, as a predicate to apply in SQL through <see cref="TrainingEligibility.Over"/>.</summary>
    public static Expression<Func<TrainingFacts, bool>> CountedIn(TrainingFigure figure) =>
        Figures.TryGetValue(figure, out var test) ? test : throw new ArgumentOutOfRangeException(nameof(figure), figure, "Not a training figure.");

    /// <summary>Whether a record that fails <paramref name="reasons"/> counts in <paramref name="figure"/>: <see cref="CountedIn"/> on a loaded record.</summary>
    public static bool Counts(TrainingFigure figure, IneligibilityReasons reasons) =>
        FigureTests.TryGetValue(figure, out var test) ? test(new TrainingFacts(reasons)) : throw new ArgumentOutOfRangeException(nameof(figure), figure, "Not a training figure.");

    /// <summary>
    /// The clause an exported record that fails <paramref name="reasons"/> is revoked for: the most lasting one
    /// (<see cref="IneligibilityReasons.None"/> for an eligible record).
    /// </summary>
    public static IneligibilityReasons RevocationCause(IneligibilityReasons reasons) =>
        ByPermanence.FirstOrDefault(clause => (reasons & clause) != 0);

    private static MethodCallExpression Call(ParameterExpression facts, string method, IneligibilityReasons clauses) =>
        Expression.Call(facts, typeof(TrainingFacts).GetMethod(method)!, Expression.Constant(clauses));
}

/// <summary>Why no training act applies to a record.</summary>
public enum NoTrainingAct
{
    /// <summary>Deleted, redacted or purged: there is nothing left to send, so nothing to withhold or release.</summary>
    ContentErased,

    /// <summary>It does not feed model training.</summary>
    NotForTraining,

    /// <summary>Typed into a password field: never used for training and never released (ADR 0003).</summary>
    NeverReleasable,
}

/// <summary>The training act the record page offers on one record, or why it offers none, with a note that says what the act will and will not do.</summary>
public sealed record ApplicableAct(DecisionKind? Kind, NoTrainingAct? NoneBecause, string? Note);

/// <summary>
/// Which records a withhold or a release changes, and so which act applies to one record: acts never offer or rewrite
/// what is already so, nor touch a tombstone. The record page and <c>DecisionService</c> read the same definitions,
/// in memory and in SQL (<see cref="TrainingEligibility.Over"/>).
/// </summary>
public static class TrainingActs
{
    /// <summary>A withhold changes every record that still holds its content and is not withheld by itself already.</summary>
    public static readonly Expression<Func<TrainingFacts, bool>> WithholdChanges = f =>
        f.Holds(IneligibilityReasons.Deleted | IneligibilityReasons.Purged) && f.TrainingChoice != TrainingChoice.Withheld;

    /// <summary>
    /// A release of a selection or a filter lifts the records' own withholds. A password-field record is never
    /// released (<see cref="LeftOutOfRelease"/>).
    /// </summary>
    public static readonly Expression<Func<TrainingFacts, bool>> ReleaseChanges = f =>
        f.Holds(IneligibilityReasons.Deleted | IneligibilityReasons.Purged)
        && f.TrainingChoice == TrainingChoice.Withheld
        && (f.Sensitivity & SensitivityTagsExtensions.NeverReleasable) == 0;

    /// <summary>
    /// A release of one record also lifts a sensitive context's default withholding: releasing that one record is
    /// the employee's explicit consent to train on it. A password-field record is never released.
    /// </summary>
    public static readonly Expression<Func<TrainingFacts, bool>> ReleaseOneChanges = f =>
        f.Holds(IneligibilityReasons.Deleted | IneligibilityReasons.Purged)
        && (f.TrainingChoice == TrainingChoice.Withheld
            || (f.TrainingChoice == TrainingChoice.None && (f.Sensitivity & SensitivityTagsExtensions.WithholdByDefault) != 0))
        && (f.Sensitivity & SensitivityTagsExtensions.NeverReleasable) == 0;

    /// <summary>The password-field records a release leaves out (and refuses, when it is the only record).</summary>
    public static readonly Expression<Func<TrainingFacts, bool>> LeftOutOfRelease = f =>
        f.Holds(IneligibilityReasons.Deleted | IneligibilityReasons.Purged) && (f.Sensitivity & SensitivityTagsExtensions.NeverReleasable) != 0;

    private static readonly Func<TrainingFacts, bool> ReleasesOne = ReleaseOneChanges.Compile();

    /// <summary>The records a withhold or release of <paramref name="single"/> one record or of many changes.</summary>
    public static Expression<Func<TrainingFacts, bool>> Changes(DecisionKind kind, bool single) => kind switch
    {
        DecisionKind.Withhold => WithholdChanges,
        DecisionKind.Release => single ? ReleaseOneChanges : ReleaseChanges,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a training act."),
    };

    /// <summary>
    /// The act the record page offers on one record: release when a release of it would change it, otherwise
    /// withhold; none on a record whose content is gone, that does not feed training, or that is never releasable
    /// (withholding it would change nothing either: it is never eligible).
    /// </summary>
    public static ApplicableAct For(TrainingFacts record)
    {
        if (record.Fails(IneligibilityReasons.Deleted | IneligibilityReasons.Redacted | IneligibilityReasons.Purged))
            return new ApplicableAct(null, NoTrainingAct.ContentErased, null);
        if (record.Fails(IneligibilityReasons.NotForTraining))
            return new ApplicableAct(null, NoTrainingAct.NotForTraining, "This record does not feed model training, so there is nothing to withhold.");
        if ((record.Sensitivity & SensitivityTagsExtensions.NeverReleasable) != 0)
            return new ApplicableAct(null, NoTrainingAct.NeverReleasable,
                "It was typed into a password field: it is never used for model training and cannot be released.");

        var byRule = record.Fails(IneligibilityReasons.WithheldByRule);
        if (ReleasesOne(record))
            return new ApplicableAct(DecisionKind.Release, null,
                byRule ? "Releasing lifts only your own withholding of this record: your standing rule still withholds it from training."
                : record.TrainingChoice == TrainingChoice.None
                    ? "It was captured in a sensitive context and is withheld by default. Releasing it is your consent to use this one record for training."
                    : null);
        // Holding its content and not released by a release, it is not withheld by itself: a withhold changes it.
        return new ApplicableAct(DecisionKind.Withhold, null,
            byRule ? "Your standing rule already withholds it. Withholding the record itself keeps it out of training even if you change the rule." : null);
    }
}
