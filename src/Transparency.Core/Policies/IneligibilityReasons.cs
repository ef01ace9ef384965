namespace Transparency.Core.Policies;

/// <summary>
/// Every clause of the training-eligibility rule that a record can fail, as a bit set.
/// <see cref="None"/> means eligible. Stored nowhere: always computed by <see cref="TrainingEligibility"/>.
/// </summary>
[Flags]
public enum IneligibilityReasons
{
    None = 0,
    NotForTraining = 1 << 0,
    Deleted = 1 << 1,
    Redacted = 1 << 2,
    Purged = 1 << 3,
    WithheldByRecord = 1 << 4,
    WithheldByRule = 1 << 5,
    Quarantined = 1 << 6,
    SensitiveContext = 1 << 7,
    OutsideRetention = 1 << 8,
}

public static class IneligibilityReasonsExtensions
{
    public static IEnumerable<IneligibilityReasons> Each(this IneligibilityReasons set) =>
        Enum.GetValues<IneligibilityReasons>().Where(r => r != IneligibilityReasons.None && set.HasFlag(r));
}
