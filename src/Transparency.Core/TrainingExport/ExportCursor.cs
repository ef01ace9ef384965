using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Transparency.Core.TrainingExport;

/// <summary>
/// A position in the export order (received_at, employee_id, id): the last record a page selected.
/// Opaque to clients: base64url of "ticks|employee|id".
/// </summary>
public sealed record ExportCursor(DateTime ReceivedAt, string EmployeeId, Guid Id)
{
    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            $"{ReceivedAt.Ticks.ToString(CultureInfo.InvariantCulture)}|{EmployeeId}|{Id:N}"));

    /// <summary>Reads a cursor a client sent back; false for anything this service did not write.</summary>
    public static bool TryParse(string? text, out ExportCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text) || text.Length > 400)
            return false;
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text));
        }
        catch (FormatException)
        {
            return false;
        }
        var parts = decoded.Split('|');
        if (parts.Length != 3
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks
            || parts[1].Length is 0 or > 64
            // No employee id holds a control character, and PostgreSQL refuses NUL in any text it is sent.
            || parts[1].Any(char.IsControl)
            || !Guid.TryParseExact(parts[2], "N", out var id))
            return false;
        cursor = new ExportCursor(new DateTime(ticks, DateTimeKind.Utc), parts[1], id);
        return true;
    }
}

/// <summary>A position in the revocation feed: the last sequence number read. Opaque to clients.</summary>
public static class RevocationCursor
{
    public static string Encode(long sequence) => "r" + sequence.ToString(CultureInfo.InvariantCulture);

    public static bool TryParse(string? text, out long sequence)
    {
        sequence = 0;
        return text is { Length: > 1 and < 22 } && text[0] == 'r'
            && long.TryParse(text.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out sequence);
    }
}
