namespace Transparency.Core.EventStore;

/// <summary>
/// The purposes one capture record feeds, as a bit set so that the training-eligibility rule
/// tests one column instead of joining a purpose table for every record. Each single member
/// has a row in <see cref="Purpose"/> with its legal basis, recipients and retention.
/// </summary>
[Flags]
public enum Purposes
{
    None = 0,
    OperationalTelemetry = 1,
    Product = 2,
    ModelTraining = 4,
}

public static class PurposesExtensions
{
    /// <summary>The single purposes contained in a set, in their declared order.</summary>
    public static IEnumerable<Purposes> Each(this Purposes set) =>
        Enum.GetValues<Purposes>().Where(p => p != Purposes.None && set.HasFlag(p));
}
