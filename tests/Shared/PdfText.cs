using UglyToad.PdfPig;

namespace Transparency.Testing;

/// <summary>What a PDF shows, read back as a reader sees it: its lines of words, page by page, top to bottom.</summary>
public static class PdfText
{
    public static IReadOnlyList<string> Lines(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.GetPages().SelectMany(page => page.GetWords()
                .GroupBy(w => Math.Round(w.BoundingBox.Bottom))
                .OrderByDescending(g => g.Key)
                .Select(g => string.Join(' ', g.OrderBy(w => w.BoundingBox.Left).Select(w => w.Text))))
            .ToList();
    }

    /// <summary>All of the PDF's text as one string of lines.</summary>
    public static string All(byte[] pdf) => string.Join('\n', Lines(pdf));
}
