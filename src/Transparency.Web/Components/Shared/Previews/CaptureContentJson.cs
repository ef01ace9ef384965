using System.Globalization;
using System.Text.Json;

namespace Transparency.Web.Components.Shared.Previews;

/// <summary>A screen's size in pixels, as capture agents report it.</summary>
public sealed record ScreenSize(double W, double H)
{
    public bool IsUsable => double.IsFinite(W) && double.IsFinite(H) && W > 0 && H > 0;
}

public sealed record PointerTrajectoryContent(double[][]? Points, ScreenSize? Screen);

public sealed record ClickTarget(string? Role, string? Name);

public sealed record ClickContent(double? X, double? Y, string? Button, ClickTarget? Target, ScreenSize? Screen);

/// <param name="TextWithheld">Set in place of the text when it was typed into a password field and not kept (ADR 0003).</param>
public sealed record KeystrokesContent(string? Text, int? KeyCount, long? DurationMs, string? TextWithheld = null);

public sealed record AppFocusContent(long? DurationMs, string? WindowTitle);

/// <summary>
/// Reads a record's content JSON for its preview. Content comes from capture agents of many
/// versions, so anything that does not have the expected shape yields null and the preview says
/// so, instead of failing the page.
/// </summary>
public static class CaptureContentJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static T? TryRead<T>(string? json) where T : class
    {
        if (string.IsNullOrWhiteSpace(json))
            return null;
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Seconds with one decimal, e.g. "1.3 s".</summary>
    public static string Seconds(double ms) => (ms / 1000).ToString("0.0", CultureInfo.InvariantCulture) + " s";

    /// <summary>
    /// A recorded duration as a span, when it is one a capture could plausibly report (up to 30 days);
    /// anything else is treated as unreadable rather than overflowing.
    /// </summary>
    public static bool TryDuration(long? ms, out TimeSpan span)
    {
        span = default;
        if (ms is not (>= 0 and <= 30L * 24 * 60 * 60 * 1000))
            return false;
        span = TimeSpan.FromMilliseconds(ms.Value);
        return true;
    }

    /// <summary>A duration as a person says it: "45 s", "5 min 15 s", "1 h 3 min", "3 days 2 h".</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.FromMinutes(1))
            return span.TotalSeconds < 10 ? Seconds(span.TotalMilliseconds) : $"{(int)span.TotalSeconds} s";
        if (span < TimeSpan.FromHours(1))
            return span.Seconds == 0 ? $"{(int)span.TotalMinutes} min" : $"{(int)span.TotalMinutes} min {span.Seconds} s";
        if (span < TimeSpan.FromDays(1))
            return span.Minutes == 0 ? $"{(int)span.TotalHours} h" : $"{(int)span.TotalHours} h {span.Minutes} min";
        var days = (int)span.TotalDays == 1 ? "1 day" : $"{(int)span.TotalDays} days";
        return span.Hours == 0 ? days : $"{days} {span.Hours} h";
    }

    /// <summary>A number for SVG attributes: invariant, one decimal at most.</summary>
    public static string Svg(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);
}

/// <summary>Fits a screen into the preview's outline, keeping its aspect ratio.</summary>
public readonly record struct ScreenOutline(ScreenSize Screen, double Scale)
{
    public const double MaxWidth = 320;
    public const double MaxHeight = 240;

    public static ScreenOutline Fit(ScreenSize screen) => new(screen, Math.Min(MaxWidth / screen.W, MaxHeight / screen.H));

    public double Width => Screen.W * Scale;
    public double Height => Screen.H * Scale;

    /// <summary>A screen point inside the outline; points off the screen (another monitor) are drawn at its edge.</summary>
    public (double X, double Y) Map(double x, double y) =>
        (Math.Clamp(x, 0, Screen.W) * Scale, Math.Clamp(y, 0, Screen.H) * Scale);

    public string ViewBox => $"0 0 {CaptureContentJson.Svg(Width)} {CaptureContentJson.Svg(Height)}";
}
