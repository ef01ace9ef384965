namespace Transparency.Core.EventStore;

/// <summary>
/// Sensitive contexts a record was captured in, as a bit set. Tags in
/// <see cref="SensitivityTagsExtensions.WithholdByDefault"/> keep a record out of training
/// unless the employee released that record themselves; tags in
/// <see cref="SensitivityTagsExtensions.NeverReleasable"/> keep it out even then.
/// </summary>
[Flags]
public enum SensitivityTags
{
    None = 0,
    PasswordField = 1,
    Banking = 2,
    Health = 4,
    WorksCouncil = 8,
}

public static class SensitivityTagsExtensions
{
    /// <summary>Every tag defined today withholds by default; a future tag may not.</summary>
    public const SensitivityTags WithholdByDefault =
        SensitivityTags.PasswordField | SensitivityTags.Banking | SensitivityTags.Health | SensitivityTags.WorksCouncil;

    /// <summary>
    /// Tags no release lifts: what is typed into a password field is a credential, not the employee's work, and its
    /// text is not even kept (ADR 0003). Banking, health and works-council contexts stay the employee's to release.
    /// </summary>
    public const SensitivityTags NeverReleasable = SensitivityTags.PasswordField;

    public static IEnumerable<SensitivityTags> Each(this SensitivityTags set) =>
        Enum.GetValues<SensitivityTags>().Where(t => t != SensitivityTags.None && set.HasFlag(t));
}
