namespace Transparency.Core.EventStore;

/// <summary>
/// Sensitive contexts a record was captured in, as a bit set. Tags in
/// <see cref="SensitivityTagsExtensions.WithholdByDefault"/> keep a record out of training
/// unless the employee released that record themselves.
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

    public static IEnumerable<SensitivityTags> Each(this SensitivityTags set) =>
        Enum.GetValues<SensitivityTags>().Where(t => t != SensitivityTags.None && set.HasFlag(t));
}
