using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Transparency.Core.Documents;

/// <summary>
/// The layout of every PDF the app writes (reports, disclosures): A4 pages, one typeface, a title, headings, text that
/// wraps and flows onto the next page, and tables that break across pages with their header row repeated. PDFsharp
/// draws; it does not lay out, so this does, and no more than the documents need.
/// </summary>
public sealed class PdfLayout : IDisposable
{
    private const double Margin = 50;
    private const double FooterHeight = 24;
    private const double CellPadding = 3;

    private readonly PdfDocument _document = new();
    private readonly XFont _title;
    private readonly XFont _heading;
    private readonly XFont _body;
    private readonly XFont _bold;
    private readonly XFont _small;
    private PdfPage _page = null!;
    private XGraphics _graphics = null!;
    private double _y;

    /// <summary>The document information entry that carries a document id (<see cref="PdfLayout(string, string, DateTime, Guid?)"/>).</summary>
    public const string DocumentIdKey = "/TransparencyDocumentId";

    /// <param name="documentId">An id to record in the file's document information, as plain text, so that it can be read back
    /// without parsing the file.</param>
    public PdfLayout(string title, string author, DateTime createdAt, Guid? documentId = null)
    {
        DocumentFonts.Register();
        _document.Info.Title = title;
        if (documentId is { } id)
            _document.Info.Elements.SetString(DocumentIdKey, id.ToString());
        _document.Info.Author = author;
        _document.Info.Creator = "Transparency";
        _document.Info.CreationDate = createdAt;
        var unicode = new XPdfFontOptions(PdfFontEncoding.Unicode);
        _title = new XFont(DocumentFonts.Family, 16, XFontStyleEx.Bold, unicode);
        _heading = new XFont(DocumentFonts.Family, 11.5, XFontStyleEx.Bold, unicode);
        _body = new XFont(DocumentFonts.Family, 9, XFontStyleEx.Regular, unicode);
        _bold = new XFont(DocumentFonts.Family, 8, XFontStyleEx.Bold, unicode);
        _small = new XFont(DocumentFonts.Family, 8, XFontStyleEx.Regular, unicode);
        NewPage();
    }

    private double Width => _page.Width.Point - 2 * Margin;
    private double Bottom => _page.Height.Point - Margin - FooterHeight;

    public void Title(string text) => Text(text, _title, spaceAfter: 8);

    /// <summary>A heading, kept on a page with at least a few lines after it.</summary>
    public void Heading(string text)
    {
        if (_y + 60 > Bottom)
            NewPage();
        _y += 6;
        Text(text, _heading, spaceAfter: 4);
    }

    public void Paragraph(string text) => Text(text, _body, spaceAfter: 6);

    /// <summary>Label and value lines ("Period: weeks 2026-W36 to 2026-W48"), the label in bold.</summary>
    public void Facts(IEnumerable<(string Label, string Value)> facts)
    {
        var rows = facts.Select(f => (IReadOnlyList<string>)[f.Label, f.Value]).ToList();
        Table([], rows, [0.28, 0.72], rightAligned: [false, false], boldFirstColumn: true);
        _y += 4;
    }

    /// <summary>
    /// A table: column widths as shares of the page's width; where a row does not fit, the table goes on on the next page
    /// under its header row again.
    /// </summary>
    public void Table(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows, IReadOnlyList<double> widths,
        IReadOnlyList<bool> rightAligned, bool boldFirstColumn = false)
    {
        var columns = widths.Select(w => w * Width).ToArray();
        if (header.Count > 0)
            Row(header, header: true);
        foreach (var row in rows)
        {
            if (_y + RowHeight(row, header: false) > Bottom)
            {
                NewPage();
                if (header.Count > 0)
                    Row(header, header: true);
            }
            Row(row, header: false);
        }
        _y += 8;

        void Row(IReadOnlyList<string> cells, bool header)
        {
            var height = RowHeight(cells, header);
            if (header)
                _graphics.DrawRectangle(XBrushes.WhiteSmoke, Margin, _y, Width, height);
            var x = Margin;
            for (var i = 0; i < cells.Count; i++)
            {
                var font = header || (boldFirstColumn && i == 0) ? _bold : _small;
                var lineY = _y + CellPadding;
                foreach (var line in Wrap(cells[i], font, columns[i] - 2 * CellPadding))
                {
                    var lineX = rightAligned[i] ? x + columns[i] - CellPadding - _graphics.MeasureString(line, font).Width : x + CellPadding;
                    _graphics.DrawString(line, font, XBrushes.Black, lineX, lineY, XStringFormats.TopLeft);
                    lineY += font.GetHeight();
                }
                x += columns[i];
            }
            _y += height;
            _graphics.DrawLine(XPens.LightGray, Margin, _y, Margin + Width, _y);
        }

        double RowHeight(IReadOnlyList<string> cells, bool header) =>
            cells.Select((c, i) => Wrap(c, header || (boldFirstColumn && i == 0) ? _bold : _small, columns[i] - 2 * CellPadding).Count)
                .DefaultIfEmpty(1).Max() * _small.GetHeight() + 2 * CellPadding;
    }

    /// <summary>Writes the footer on every page ("… · page 2 of 5") and returns the document.</summary>
    public byte[] Finish(string footer)
    {
        _graphics.Dispose();
        for (var i = 0; i < _document.PageCount; i++)
        {
            using var graphics = XGraphics.FromPdfPage(_document.Pages[i], XGraphicsPdfPageOptions.Append);
            var page = _document.Pages[i];
            graphics.DrawString($"{footer} · page {i + 1} of {_document.PageCount}", _small, XBrushes.Gray,
                Margin, page.Height.Point - Margin, XStringFormats.TopLeft);
        }
        using var output = new MemoryStream();
        _document.Save(output);
        return output.ToArray();
    }

    private void Text(string text, XFont font, double spaceAfter)
    {
        foreach (var line in Wrap(text, font, Width))
        {
            if (_y + font.GetHeight() > Bottom)
                NewPage();
            _graphics.DrawString(line, font, XBrushes.Black, Margin, _y, XStringFormats.TopLeft);
            _y += font.GetHeight();
        }
        _y += spaceAfter;
    }

    /// <summary>Breaks text into lines that fit the width, at spaces where it can and inside a word where it must.</summary>
    private List<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (_graphics.MeasureString(candidate, font).Width <= width)
                {
                    line = candidate;
                    continue;
                }
                if (line.Length > 0)
                    lines.Add(line);
                line = word;
                while (_graphics.MeasureString(line, font).Width > width && line.Length > 1)
                {
                    var fit = line.Length - 1;
                    while (fit > 1 && _graphics.MeasureString(line[..fit], font).Width > width)
                        fit--;
                    lines.Add(line[..fit]);
                    line = line[fit..];
                }
            }
            lines.Add(line);
        }
        return lines;
    }

    private void NewPage()
    {
        _graphics?.Dispose();
        _page = _document.AddPage();
        _page.Size = PageSize.A4;
        _graphics = XGraphics.FromPdfPage(_page);
        _y = Margin;
    }

    public void Dispose()
    {
        _graphics?.Dispose();
        _document.Dispose();
    }
}
