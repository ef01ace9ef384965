using Transparency.Core.EventStore;
using Transparency.Core.Policies;

namespace Transparency.Core.Tests.Policies;

/// <summary>
/// DESIGN rule 1 written out again in plain C#, clause by clause, without the expressions of
/// <see cref="TrainingEligibility"/>: the yardstick the SQL rule is measured against.
/// </summary>
public static class ReferenceEligibility
{
    /// <summary>The contexts DESIGN names as withheld by default: password field, banking, health, works-council site.</summary>
    private const SensitivityTags SensitiveByDefault =
        SensitivityTags.PasswordField | SensitivityTags.Banking | SensitivityTags.Health | SensitivityTags.WorksCouncil;

    public static IneligibilityReasons ReasonsFor(
        CaptureRecord record, IReadOnlyCollection<StandingRule> rulesOfEveryone, DateTime now, int trainingRetentionDays)
    {
        var reasons = IneligibilityReasons.None;
        if (!record.Purposes.HasFlag(Purposes.ModelTraining))
            reasons |= IneligibilityReasons.NotForTraining;
        if (record.DeletedAt is not null)
            reasons |= IneligibilityReasons.Deleted;
        if (record.RedactedAt is not null)
            reasons |= IneligibilityReasons.Redacted;
        if (record.PurgedAt is not null)
            reasons |= IneligibilityReasons.Purged;
        if (record.TrainingChoice == TrainingChoice.Withheld)
            reasons |= IneligibilityReasons.WithheldByRecord;
        if (rulesOfEveryone.Any(rule => Withholds(rule, record)))
            reasons |= IneligibilityReasons.WithheldByRule;
        if (record.HasOpenFlag)
            reasons |= IneligibilityReasons.Quarantined;
        // A password field is never released for training, not even by its employee.
        if ((record.Sensitivity & SensitiveByDefault) != SensitivityTags.None
            && (record.TrainingChoice != TrainingChoice.Released || record.Sensitivity.HasFlag(SensitivityTags.PasswordField)))
            reasons |= IneligibilityReasons.SensitiveContext;
        if (record.CapturedAt < now.AddDays(-trainingRetentionDays))
            reasons |= IneligibilityReasons.OutsideRetention;
        return reasons;
    }

    /// <summary>An active rule of the record's own employee whose every set criterion matches.</summary>
    public static bool Withholds(StandingRule rule, CaptureRecord record)
    {
        if (rule.EmployeeId != record.EmployeeId || rule.RemovedAt is not null)
            return false;
        if (rule.Kind is { } kind && kind != record.Kind)
            return false;
        if (rule.Application is { } application && application != record.Application)
            return false;
        if (rule.Site is { } site && site != record.Site)
            return false;
        if (rule.CapturedFrom is { } from && record.CapturedAt < from)
            return false;
        if (rule.CapturedBefore is { } before && record.CapturedAt >= before)
            return false;
        return true;
    }
}
