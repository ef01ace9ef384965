namespace Transparency.Core.EventStore;

/// <summary>What a sensitive context matches on.</summary>
public enum SensitiveMatch
{
    /// <summary>The application's name, exactly (any case).</summary>
    Application = 1,

    /// <summary>The site's host, or any sub-domain of it.</summary>
    Site = 2,

    /// <summary>A phrase in the focused window's title (any case).</summary>
    WindowTitle = 3,
}

/// <summary>
/// One sensitive context: records captured in it are tagged on arrival (and so withheld from training by default). The list
/// is the privacy officer's, kept in the store and versioned in <see cref="RegisterChange"/>; it was seeded once from the
/// <c>Ingestion:SensitiveContexts</c> configuration.
/// </summary>
public sealed class SensitiveContextEntry
{
    public Guid Id { get; set; }
    public SensitivityTags Tag { get; set; }
    public SensitiveMatch Match { get; set; }
    public required string Value { get; set; }
}
