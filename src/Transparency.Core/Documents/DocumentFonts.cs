using PdfSharp.Fonts;

namespace Transparency.Core.Documents;

/// <summary>
/// The one typeface of every PDF the app writes (DejaVu Sans, regular and bold), shipped inside Core: PDFsharp finds no
/// fonts of its own on Linux, and a document must look the same wherever it is made.
/// </summary>
public sealed class DocumentFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, byte[]> Faces = [];

    /// <summary>Makes these the fonts PDFsharp uses; safe to call any number of times.</summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is not DocumentFonts)
                GlobalFontSettings.FontResolver = new DocumentFonts();
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        // Any family asked for is DejaVu Sans; italic is slanted by PDFsharp.
        new(bold ? "DejaVuSans-Bold" : "DejaVuSans", mustSimulateBold: false, mustSimulateItalic: italic);

    public byte[]? GetFont(string faceName)
    {
        lock (Gate)
        {
            if (Faces.TryGetValue(faceName, out var bytes))
                return bytes;
            using var stream = typeof(DocumentFonts).Assembly.GetManifestResourceStream($"Transparency.Core.Documents.Fonts.{faceName}.ttf")
                ?? throw new InvalidOperationException($"The font {faceName} is not built into Transparency.Core.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return Faces[faceName] = copy.ToArray();
        }
    }
}
