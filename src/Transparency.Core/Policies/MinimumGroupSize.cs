using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Transparency.Core.Policies;

/// <summary>
/// k-anonymity for works-council reports (DESIGN rule 5): a report cell built from fewer than
/// <see cref="K"/> employees is suppressed. Configuration may raise k, never lower it below the floor.
/// </summary>
public sealed class MinimumGroupSize
{
    public const int Floor = 5;

    public const string Setting = "Reports:MinimumGroupSize";

    public MinimumGroupSize(int configured = Floor)
    {
        if (configured < Floor)
            throw new ArgumentOutOfRangeException(nameof(configured), configured,
                $"{Setting} is {configured}; it may not be lower than {Floor}.");
        K = configured;
    }

    /// <summary><c>Reports:MinimumGroupSize</c>, or the floor where it is not set; anything else is refused with a message naming it.</summary>
    public static MinimumGroupSize From(IConfiguration config)
    {
        var configured = config[Setting];
        if (string.IsNullOrWhiteSpace(configured))
            return new MinimumGroupSize();
        if (!int.TryParse(configured, NumberStyles.Integer, CultureInfo.InvariantCulture, out var k))
            throw new InvalidOperationException($"{Setting} is '{configured}'; it must be a whole number of people, at least {Floor}.");
        if (k < Floor)
            throw new InvalidOperationException($"{Setting} is {k}; it may not be lower than {Floor}.");
        return new MinimumGroupSize(k);
    }

    public int K { get; }

    public bool Suppresses(int distinctEmployees) => distinctEmployees < K;
}
