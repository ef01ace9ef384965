using System.Text.RegularExpressions;

namespace Transparency.Web.Components.Shared;

/// <summary>
/// Times in the store are UTC; people read them in their own time zone, which only their browser knows. The browser says
/// which in a cookie (js/layout.js sets it on every page), so a page rendered on the server shows its times in that zone
/// without a circuit to ask through. Until the browser has said (the first page of a visit), and wherever it names a zone
/// this server does not know, times are shown in UTC and say so.
/// </summary>
public static partial class LocalTimes
{
    /// <summary>The cookie holding the browser's IANA time zone.</summary>
    public const string Cookie = "tz";

    /// <summary>The name the reader's zone cascades by from the app's root (App.razor) to the pages that show times.</summary>
    public const string ReaderZone = "ReaderZone";

    public static DateTime ToLocal(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);

    public static string ZoneName(TimeZoneInfo zone) =>
        zone.Id == TimeZoneInfo.Utc.Id || zone.Id is "Etc/UTC" or "UTC" ? "UTC" : zone.Id;

    /// <summary>"2026-11-20 13:00:00 Europe/Berlin".</summary>
    public static string Format(DateTime utc, TimeZoneInfo zone) => $"{ToLocal(utc, zone):yyyy-MM-dd HH:mm:ss} {ZoneName(zone)}";

    /// <summary>"2026-11-20 12:00:00 UTC".</summary>
    public static string Utc(DateTime utc) => $"{utc:yyyy-MM-dd HH:mm:ss} UTC";

    /// <summary>The zone the request's browser reads times in: its <see cref="Cookie"/>, else UTC.</summary>
    public static TimeZoneInfo Of(HttpRequest request) => Find(request.Cookies[Cookie]);

    /// <summary>
    /// The zone an IANA name names; UTC for no name, a name this server does not know, or anything that is not shaped like
    /// a zone's name: the cookie is the browser's to write, and the name becomes a path under the system's zone files.
    /// </summary>
    public static TimeZoneInfo Find(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 64 || !ZoneId().IsMatch(id))
            return TimeZoneInfo.Utc;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.Utc;
        }
    }

    // "Europe/Berlin", "America/Argentina/Buenos_Aires", "Etc/GMT+1": letters first, no dots, no empty segment.
    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+){0,3}$")]
    private static partial Regex ZoneId();
}
