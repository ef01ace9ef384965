using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Transparency.Core.EventStore;

namespace Transparency.Core.Demo;

/// <summary>A screen a device reports, in pixels.</summary>
internal readonly record struct Screen(int Width, int Height);

/// <summary>One record's content JSON and its one-line summary.</summary>
internal readonly record struct CaptureText(string Json, string Summary);

/// <summary>
/// Writes capture content in the shapes the ingestion API accepts, as a capture agent would
/// produce them: human-like pointer paths, named click targets, keystroke bursts with their
/// corrections (backspace is recorded as ⌫), masked password fields, and focus intervals.
/// Not thread-safe: one instance reuses one buffer.
/// </summary>
internal sealed class CaptureContentFactory
{
    public const char Backspace = '⌫';
    public const char Masked = '•';

    private static readonly JsonWriterOptions Options = new()
    {
        // Names and typed text stay readable in the store (Łukasz, ⌫) instead of \u escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        // The shapes are fixed by this class; checking each of a trajectory's hundreds of values costs more than the rest.
        SkipValidation = true,
    };

    private static readonly string[] KeyboardRows = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];

    private readonly ArrayBufferWriter<byte> _buffer = new(8192);
    private readonly Utf8JsonWriter _json;
    private readonly StringBuilder _typed = new(256);

    public CaptureContentFactory() => _json = new Utf8JsonWriter(_buffer, Options);

    public static string Where(Surface surface) => surface.Name == surface.Site ? $"on {surface.Site}" : $"in {surface.Name}";

    /// <summary>
    /// A reach from one point to another: minimum-jerk speed profile (slow, fast, slow), a slight
    /// bow, hand tremor, and sometimes an overshoot that is corrected, sampled at 60–90 Hz.
    /// </summary>
    public CaptureText PointerTrajectory(Random rng, Screen screen, Surface surface, double pace)
    {
        var x0 = rng.Next(20, screen.Width - 20);
        var y0 = rng.Next(20, screen.Height - 20);
        double x1, y1, distance;
        do
        {
            x1 = rng.Next(10, screen.Width - 10);
            y1 = rng.Next(10, screen.Height - 10);
            distance = Math.Sqrt((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0));
        } while (distance < 60);

        // Fitts' law: time grows with the log of distance over target size.
        var duration = (160 + 130 * Math.Log2(distance / 24 + 1)) * pace * (0.85 + rng.NextDouble() * 0.3);
        var interval = 11 + rng.NextDouble() * 6;
        var count = Math.Clamp((int)Math.Round(duration / interval), 20, 80);
        duration = Math.Max(duration, count * 8);
        var bow = distance * (rng.NextDouble() * 0.36 - 0.18);
        var overshoot = rng.NextDouble() < 0.3 ? 0.02 + rng.NextDouble() * 0.06 : 0;
        var (ux, uy) = ((x1 - x0) / distance, (y1 - y0) / distance);

        _buffer.ResetWrittenCount();
        _json.Reset();
        _json.WriteStartObject();
        _json.WriteStartArray("points");
        var lastMs = -1;
        for (var k = 0; k < count; k++)
        {
            var tau = k / (double)(count - 1);
            double progress;
            if (overshoot > 0 && tau > 0.85)
                progress = 1 + overshoot - overshoot * MinimumJerk((tau - 0.85) / 0.15);
            else
                progress = (1 + overshoot) * MinimumJerk(overshoot > 0 ? tau / 0.85 : tau);
            var sideways = bow * Math.Sin(Math.PI * Math.Min(1, progress));
            var tremor = k == 0 || k == count - 1 ? 0 : 0.9;
            var x = x0 + (x1 - x0) * progress - uy * sideways + (rng.NextDouble() - 0.5) * 2 * tremor;
            var y = y0 + (y1 - y0) * progress + ux * sideways + (rng.NextDouble() - 0.5) * 2 * tremor;
            var ms = k == 0 ? 0 : Math.Max(lastMs + 1, (int)Math.Round(tau * duration + (rng.NextDouble() - 0.5) * 3));
            lastMs = ms;
            _json.WriteStartArray();
            _json.WriteNumberValue((int)Math.Clamp(Math.Round(x), 0, screen.Width - 1));
            _json.WriteNumberValue((int)Math.Clamp(Math.Round(y), 0, screen.Height - 1));
            _json.WriteNumberValue(ms);
            _json.WriteEndArray();
        }
        _json.WriteEndArray();
        WriteScreen(screen);
        _json.WriteEndObject();
        return new(Flush(), string.Create(CultureInfo.InvariantCulture, $"Moved the pointer {distance:0} px in {lastMs / 1000.0:0.0} s {Where(surface)}"));
    }

    private static double MinimumJerk(double t) => t <= 0 ? 0 : t >= 1 ? 1 : t * t * t * (10 - 15 * t + 6 * t * t);

    public CaptureText Click(Random rng, Screen screen, Surface surface, UiTarget target)
    {
        var button = rng.NextDouble() switch { < 0.94 => "left", < 0.99 => "right", _ => "middle" };
        _buffer.ResetWrittenCount();
        _json.Reset();
        _json.WriteStartObject();
        _json.WriteNumber("x", rng.Next(0, screen.Width));
        _json.WriteNumber("y", rng.Next(0, screen.Height));
        _json.WriteString("button", button);
        _json.WriteStartObject("target");
        _json.WriteString("role", target.Role);
        _json.WriteString("name", target.Name);
        _json.WriteEndObject();
        _json.WriteEndObject();
        var verb = button switch { "right" => "Right-clicked", "middle" => "Middle-clicked", _ => "Clicked" };
        return new(Flush(), $"{verb} {target.Role} '{target.Name}' {Where(surface)}");
    }

    /// <summary>Typing <paramref name="intended"/> as a person does: the odd slip, noticed a few keys later and backspaced.</summary>
    public CaptureText Keystrokes(Random rng, Surface surface, string intended, double msPerKey)
    {
        _typed.Clear();
        for (var i = 0; i < intended.Length; i++)
        {
            var c = intended[i];
            if (char.IsAsciiLetterLower(c) && rng.NextDouble() < 0.02)
            {
                _typed.Append(Neighbour(c, rng));
                var runOn = Math.Min(rng.Next(0, 3), intended.Length - i - 1);
                _typed.Append(intended, i + 1, runOn);
                _typed.Append(Backspace, runOn + 1);
            }
            _typed.Append(c);
        }
        if (rng.NextDouble() < 0.08)
        {
            // Sometimes a whole word is retyped rather than one letter fixed.
            var lastSpace = intended.LastIndexOf(' ');
            if (lastSpace > 0 && lastSpace < intended.Length - 1)
            {
                var word = intended.Length - lastSpace - 1;
                _typed.Append(Backspace, word);
                _typed.Append(intended, lastSpace + 1, word);
            }
        }
        return KeystrokeText(rng, surface, _typed.ToString(), msPerKey, password: false);
    }

    /// <summary>
    /// A password field: the agent records that keys were pressed, never which, and the store keeps no text for it
    /// at all (ADR 0003), so the demo content has the shape ingestion stores: counts, timing and the marker.
    /// </summary>
    public CaptureText PasswordKeystrokes(Random rng, Surface surface, double msPerKey)
    {
        _typed.Clear();
        _typed.Append(Masked, rng.Next(8, 17));
        if (rng.NextDouble() < 0.2)
            _typed.Append(Backspace).Append(Masked, rng.Next(1, 3));
        return KeystrokeText(rng, surface, _typed.ToString(), msPerKey, password: true);
    }

    private CaptureText KeystrokeText(Random rng, Surface surface, string text, double msPerKey, bool password)
    {
        var keys = text.Length;
        var pauses = text.Count(c => c is '.' or '\n' or ',' or '?') * (250 + rng.Next(900));
        var duration = (int)(keys * msPerKey * (0.8 + rng.NextDouble() * 0.5)) + pauses;
        _buffer.ResetWrittenCount();
        _json.Reset();
        _json.WriteStartObject();
        if (!password)
            _json.WriteString("text", text);
        _json.WriteNumber("keyCount", keys);
        _json.WriteNumber("durationMs", duration);
        if (password)
            _json.WriteString(CaptureContent.TextWithheldProperty, CaptureContent.TextWithheldPasswordField);
        _json.WriteEndObject();
        var summary = password
            ? $"Typed {keys} keys into a password field {Where(surface)}"
            : $"Typed {keys} keys {Where(surface)}";
        return new(Flush(), summary);
    }

    public CaptureText AppFocus(Random rng, Surface surface, string windowTitle)
    {
        // Focus spells are log-normal: mostly a minute or two, sometimes most of an hour.
        var normal = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var ms = (int)Math.Clamp(75_000 * Math.Exp(1.1 * normal), 1_500, 50 * 60_000);
        _buffer.ResetWrittenCount();
        _json.Reset();
        _json.WriteStartObject();
        _json.WriteNumber("durationMs", ms);
        _json.WriteString("windowTitle", windowTitle);
        _json.WriteEndObject();
        return new(Flush(), $"Focused {(surface.Name == surface.Site ? surface.Site : surface.Name)} for {Duration(ms)}");
    }

    public static CaptureText ScreenSnapshot(Surface surface) => new(
        $$"""{"mediaType":"{{SnapshotRenderer.MediaType}}","width":{{SnapshotRenderer.Width}},"height":{{SnapshotRenderer.Height}}}""",
        $"Screen snapshot of {(surface.Name == surface.Site ? surface.Site : surface.Name)}");

    private void WriteScreen(Screen screen)
    {
        _json.WriteStartObject("screen");
        _json.WriteNumber("w", screen.Width);
        _json.WriteNumber("h", screen.Height);
        _json.WriteEndObject();
    }

    private string Flush()
    {
        _json.Flush();
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }

    private static char Neighbour(char c, Random rng)
    {
        foreach (var row in KeyboardRows)
        {
            var i = row.IndexOf(c);
            if (i < 0)
                continue;
            var j = i == 0 ? 1 : i == row.Length - 1 ? i - 1 : i + (rng.Next(2) == 0 ? -1 : 1);
            return row[j];
        }
        return c;
    }

    private static string Duration(int ms)
    {
        var span = TimeSpan.FromMilliseconds(ms);
        return span.TotalSeconds < 60 ? $"{(int)span.TotalSeconds} s"
            : span.TotalMinutes < 60 ? $"{span.Minutes} min {span.Seconds} s"
            : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours} h {span.Minutes} min");
    }
}
