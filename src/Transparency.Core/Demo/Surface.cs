using Transparency.Core.EventStore;

namespace Transparency.Core.Demo;

/// <summary>How a surface looks on screen and what typing into it reads like.</summary>
internal enum SurfaceStyle
{
    Mail,
    Chat,
    Ide,
    Terminal,
    Spreadsheet,
    Document,
    Slides,
    WebApp,
    Search,
}

internal readonly record struct Rgb(byte R, byte G, byte B)
{
    public static Rgb Hex(uint rgb) => new((byte)(rgb >> 16), (byte)(rgb >> 8), (byte)rgb);

    public Rgb Mix(Rgb other, double share) => new(
        (byte)Math.Round(R + (other.R - R) * share),
        (byte)Math.Round(G + (other.G - G) * share),
        (byte)Math.Round(B + (other.B - B) * share));
}

/// <summary>A named element the pointer can land on, as the accessibility tree reports it.</summary>
internal readonly record struct UiTarget(string Role, string Name);

/// <summary>
/// One place capture happens: a desktop application, or a site opened in the person's browser
/// (then <see cref="Application"/> is null and the record's application is that browser).
/// </summary>
internal sealed class Surface
{
    /// <summary>How summaries name it ("Clicked button 'Send' in Outlook").</summary>
    public required string Name { get; init; }
    public string? Application { get; init; }
    public string? Site { get; init; }
    public required SurfaceStyle Style { get; init; }
    public SensitivityTags Sensitivity { get; init; }
    public required Rgb Accent { get; init; }

    /// <summary>Window titles; <c>{token}</c>s are filled by <see cref="DemoText.Fill"/>.</summary>
    public required string[] Titles { get; init; }
    public required UiTarget[] Targets { get; init; }

    /// <summary>What people type here; <c>{token}</c>s are filled by <see cref="DemoText.Fill"/>.</summary>
    public required string[] Phrases { get; init; }

    /// <summary>Sign-in pages are where password fields get typed into.</summary>
    public double PasswordShare { get; init; }

    public bool InBrowser => Application is null;
}
