namespace Transparency.Core.Policies;

/// <summary>
/// k-anonymity for works-council reports (DESIGN rule 5): a report cell built from fewer than
/// <see cref="K"/> employees is suppressed. Configuration may raise k, never lower it below the floor.
/// </summary>
public sealed class MinimumGroupSize
{
    public const int Floor = 5;

    public MinimumGroupSize(int configured = Floor)
    {
        if (configured < Floor)
            throw new ArgumentOutOfRangeException(nameof(configured), configured,
                $"Reports:MinimumGroupSize is {configured}; it may not be lower than {Floor}.");
        K = configured;
    }

    public int K { get; }

    public bool Suppresses(int distinctEmployees) => distinctEmployees < K;
}
