using System.Globalization;

namespace Transparency.Web.Components.Shared;

/// <summary>
/// Which page of a list a page rendered on the server shows, as its address says (<c>page=2&amp;size=50</c>): without a
/// circuit the place in the list travels in the address, so a link, a bookmark and the back button keep it.
/// </summary>
public sealed record Paging(int Page, int Size)
{
    public const int DefaultSize = 25;

    /// <summary>The page sizes a reader can choose.</summary>
    public static readonly IReadOnlyList<int> Sizes = [25, 50, 100];

    public static readonly Paging First = new(1, DefaultSize);

    /// <summary>
    /// The address's <c>page</c> and <c>size</c>; a value that cannot be used is reported and the first page or the usual
    /// size is shown instead.
    /// </summary>
    public static (Paging Paging, IReadOnlyList<string> Problems) Parse(string? page, string? size)
    {
        var problems = new List<string>();
        var number = 1;
        if (!string.IsNullOrEmpty(page) && !(int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out number) && number >= 1))
        {
            problems.Add($"\"page\" must be a page number like 2; \"{page}\" was ignored.");
            number = 1;
        }
        var rows = DefaultSize;
        if (!string.IsNullOrEmpty(size) && !(int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out rows) && Sizes.Contains(rows)))
        {
            problems.Add($"\"size\" must be {string.Join(", ", Sizes.SkipLast(1))} or {Sizes[^1]} rows; \"{size}\" was ignored.");
            rows = DefaultSize;
        }
        return (new Paging(number, rows), problems);
    }

    /// <summary>How many rows come before this page (at most <see cref="int.MaxValue"/>, for an address that names a page far past the end).</summary>
    public int Skip => (int)Math.Min(int.MaxValue, (long)(Page - 1) * Size);

    /// <summary>How many pages <paramref name="total"/> rows make; an empty list is one empty page.</summary>
    public int PageCount(int total) => Math.Max(1, (int)(((long)total + Size - 1) / Size));

    /// <summary>The last page, when this one is past it (an old link to a list that has since become shorter); otherwise null.</summary>
    public Paging? LastIfPast(int total) => Page > PageCount(total) ? this with { Page = PageCount(total) } : null;

    /// <summary>The address's part for this page (without "?"), leaving out what is as usual: the first page, 25 rows.</summary>
    public IEnumerable<string> QueryParts()
    {
        if (Page != 1)
            yield return "page=" + Page.ToString(CultureInfo.InvariantCulture);
        if (Size != DefaultSize)
            yield return "size=" + Size.ToString(CultureInfo.InvariantCulture);
    }
}
