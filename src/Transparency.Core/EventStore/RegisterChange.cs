namespace Transparency.Core.EventStore;

public enum RegisterSubject
{
    Purpose = 1,
    SensitiveContexts = 2,
}

/// <summary>
/// Append-only: one change to the processing register (a purpose, or the list of sensitive contexts), who made it and when,
/// what it was before and after (as JSON) and in words. The public register shows these as its history.
/// </summary>
public sealed class RegisterChange
{
    public Guid Id { get; set; }
    public DateTime At { get; set; }
    public required string ChangedBy { get; set; }
    public RegisterSubject Subject { get; set; }

    /// <summary>The purpose changed, for a purpose's change.</summary>
    public Purposes? Purpose { get; set; }

    /// <summary>What changed, in words the register's readers understand.</summary>
    public required string Summary { get; set; }
    public string? Before { get; set; }
    public required string After { get; set; }
}
