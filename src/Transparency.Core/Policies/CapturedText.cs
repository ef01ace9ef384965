using System.Globalization;
using System.Text;

namespace Transparency.Core.Policies;

/// <summary>
/// Captured text (a window title, a button's name, typed text, an application) as pages and PDFs show it. It is whatever
/// was on the screen, so it may carry characters that display nothing or reorder what follows (a right-to-left override
/// makes "exe.txt" read "txt.exe"): each is shown as a visible mark such as <c>[U+202E]</c>, so what a person reads is what
/// was captured. Line breaks and tabs stay.
/// </summary>
public static class CapturedText
{
    public static string Visible(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.Any(Hidden))
            return text ?? "";
        var shown = new StringBuilder(text.Length + 16);
        foreach (var c in text)
            shown.Append(Hidden(c) ? string.Create(CultureInfo.InvariantCulture, $"[U+{(int)c:X4}]") : c);
        return shown.ToString();
    }

    /// <summary>Control characters other than line breaks and tabs, bidirectional controls, and invisible separators.</summary>
    public static bool Hidden(char c) =>
        (char.IsControl(c) && c is not '\n' and not '\r' and not '\t')
        || c is '\u061C' or '\u200B' or '\u200E' or '\u200F' or '\u2060' or '\uFEFF' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
