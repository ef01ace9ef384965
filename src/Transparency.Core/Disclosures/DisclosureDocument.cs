using System.Text;
using Transparency.Core.Documents;

namespace Transparency.Core.Disclosures;

/// <summary>What a disclosure file says about itself.</summary>
public static class DisclosureDocument
{
    private static readonly byte[] Key = Encoding.ASCII.GetBytes(PdfLayout.DocumentIdKey);

    /// <summary>
    /// The document id a file names in its document information, if it names one. Read by looking for the entry's bytes,
    /// not by parsing the file: <c>/verify</c> takes files from anyone, and a PDF parser is more than that page should run
    /// on them. A file altered by a PDF editor may no longer name its id in this form; it is then simply not ours.
    /// </summary>
    public static Guid? ReadDocumentId(ReadOnlySpan<byte> file)
    {
        var at = file.LastIndexOf(Key);
        if (at < 0)
            return null;
        var start = at + Key.Length;
        while (start < file.Length && file[start] is (byte)' ' or (byte)'\r' or (byte)'\n')
            start++;
        if (start >= file.Length || file[start] != (byte)'(')
            return null;
        start++;
        var end = file[start..].IndexOf((byte)')');
        return end is > 0 and <= 64 && Guid.TryParse(Encoding.ASCII.GetString(file.Slice(start, end)), out var id) ? id : null;
    }
}
