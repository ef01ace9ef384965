namespace Transparency.Core.Policies;

/// <summary>
/// Free text people write for others to read (a reason, a note): it must be text every store keeps and every reader shows.
/// PostgreSQL refuses NUL in text; a lone surrogate is half a character and cannot be written as UTF-8.
/// </summary>
public static class PlainText
{
    /// <summary>Why the text cannot be kept as written, or null. Line breaks and tabs are text; other control characters are not.</summary>
    public static string? Problem(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c) && c is not '\n' and not '\r' and not '\t')
                return $"It holds the control character U+{(int)c:X4}, which is not text.";
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                i++;
            else if (char.IsSurrogate(c))
                return "It holds half of a character (a lone surrogate), which is not text.";
        }
        return null;
    }

    /// <summary>
    /// Why a required field of free text cannot be kept, in words naming it (<paramref name="missing"/> when it is empty, then
    /// too long, then not plain text); null when it can be kept, trimmed.
    /// </summary>
    public static string? RefusalOf(string? value, int max, string what, string missing)
    {
        if (string.IsNullOrWhiteSpace(value))
            return missing;
        var trimmed = value.Trim();
        if (trimmed.Length > max)
            return $"The {what} is longer than {max:N0} characters.";
        return Problem(trimmed) is { } problem ? $"The {what} cannot be kept as written. {problem}" : null;
    }
}
