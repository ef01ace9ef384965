namespace Transparency.Core.Demo;

/// <summary>How much demo data to generate. The same options always produce the same store.</summary>
public sealed record DemoDataOptions
{
    public const string Section = "Demo";

    /// <summary>Seeds the random source; <c>Demo:Seed</c> (a bool) says whether to seed demo data at all.</summary>
    public int RandomSeed { get; init; } = 20261127;
    public int Employees { get; init; } = 160;
    public int Days { get; init; } = 30;
    public int Records { get; init; } = 200_000;

    /// <summary>The last day of generated capture; records span the <see cref="Days"/> before it.</summary>
    public DateTime? Now { get; init; }
}

/// <summary>What one generation produced.</summary>
public sealed record DemoDataResult(int OrgUnits, int Employees, int Records, TimeSpan Elapsed);
