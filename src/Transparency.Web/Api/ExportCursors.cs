using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Transparency.Core.TrainingExport;

namespace Transparency.Web.Api;

/// <summary>
/// The cursors the training export and the revocation feed hand out, sealed with the app's data-protection key ring
/// (shared by every instance, kept in the store). A cursor that was altered or made up is refused, so a pipeline whose
/// stored cursor went wrong is told so instead of silently reading from another position. A sealed cursor stays
/// readable after key rotation (old keys are kept) and whichever of the pipeline's keys sends it: a position in the
/// export order is the same for every client, and the revocation feed is read for the calling client whatever the cursor.
/// </summary>
public sealed class ExportCursors(IDataProtectionProvider protection)
{
    /// <summary>Longer than any cursor this class writes; anything longer is not tried.</summary>
    private const int MaxLength = 1000;

    private readonly IDataProtector _records = protection.CreateProtector("Transparency.TrainingExport.Cursor", "records.v1");
    private readonly IDataProtector _revocations = protection.CreateProtector("Transparency.TrainingExport.Cursor", "revocations.v1");

    public string Seal(ExportCursor cursor) => _records.Protect(cursor.Encode());

    public string Seal(long sequence) => _revocations.Protect(RevocationCursor.Encode(sequence));

    public bool TryOpen(string text, out ExportCursor? cursor)
    {
        cursor = null;
        return Open(_records, text) is { } inner && ExportCursor.TryParse(inner, out cursor);
    }

    public bool TryOpen(string text, out long sequence)
    {
        sequence = 0;
        return Open(_revocations, text) is { } inner && RevocationCursor.TryParse(inner, out sequence);
    }

    private static string? Open(IDataProtector protector, string text)
    {
        if (text.Length is 0 or > MaxLength)
            return null;
        try
        {
            return protector.Unprotect(text);
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
    }
}
