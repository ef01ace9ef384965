using System.Globalization;
using System.Text;
using CsCheck;

namespace Transparency.Testing;

/// <summary>
/// Generated input of the kinds that break forms, parsers and stores: control characters and NUL, halves of UTF-16
/// pairs, bidirectional controls, SQL and LIKE metacharacters, numbers past every range, impossible dates, very long
/// text, mixed with ordinary words so the happy path is walked too.
/// </summary>
public static class HostileInput
{
    public static readonly string[] Pieces =
    [
        "", " ", "   ", "\0", "\u0001", "\u0007", "\u001b[2J", "\u007f", "\u0085", "\u009b", "\t", "\r\n", "\n",
        "\ud800", "\udfff", "\udc00\ud800", "\ud83d\ude00", "\u202e", "\u2066", "\u200f", "\u200b", "\ufeff", "\uffff", "e\u0301", "ß", "İ",
        "'", "\"", "\\", "%", "_", "%_\\", "' OR '1'='1", "--", ";", "<script>alert(1)</script>", "${7*7}", "{{x}}",
        ",", "&", "=", "#", "?", "/", "..", "+", "%00", "%ZZ", "%ED%A0%80", "%0A",
        "null", "true", "NaN", "Infinity", "-1", "0", "1e309", "-0", "0x1F", "9999-12-31", "0001-01-01", "2026-02-30", "2026-13-01",
        "Outlook", "Teams", "mail.example.com", "keystrokes", "click", "modelTraining", "E00001",
    ];

    private static readonly Gen<char> Letter = Gen.Char["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .-"];

    /// <summary>Ordinary words.</summary>
    public static readonly Gen<string> Word = Letter.Array[1, 16].Select(c => new string(c));

    /// <summary>Any text: words, hostile pieces run together, arbitrary UTF-16 code units (lone surrogates among them), very long runs.</summary>
    public static readonly Gen<string> Text = Gen.Frequency(
        (4, Word),
        (5, Gen.OneOf(Pieces).Array[1, 5].Select(p => string.Concat(p))),
        (2, Gen.Char[char.MinValue, char.MaxValue].Array[0, 24].Select(c => new string(c))),
        (1, Gen.Int[150, 6_000].Select(n => new string('w', n))));

    /// <summary>Numbers as JSON writes them, most outside what any field takes: huge, negative, fractional, exponents past a double.</summary>
    public static readonly Gen<string> JsonNumber = Gen.Frequency(
        (3, Gen.Int[-5, 2_000].Select(i => i.ToString(CultureInfo.InvariantCulture))),
        (2, Gen.OneOf("-1", "0.5", "-0", "1e309", "-1e309", "1e-400", "4.9e-324", "1.7976931348623157e308", "123456789012345678901234567890",
            "86400001", "1000001", "1E3", "2.0", "0e0", "-0.0")),
        (1, Gen.Double.Select(d => double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : "0")));

    /// <summary><paramref name="text"/> as a JSON string token; every unit outside printable ASCII escaped, so a lone surrogate travels as <c>\ud800</c>.</summary>
    public static string JsonString(string text)
    {
        var json = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
            if (c is '"' or '\\')
                json.Append('\\').Append(c);
            else if (c is < ' ' or > '~')
                json.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            else
                json.Append(c);
        return json.Append('"').ToString();
    }
}
