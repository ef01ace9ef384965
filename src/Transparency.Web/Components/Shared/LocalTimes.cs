using Microsoft.JSInterop;

namespace Transparency.Web.Components.Shared;

/// <summary>
/// Times in the store are UTC; people read them in their own time zone, which only their browser
/// knows. Until it has told us (and wherever it cannot), times are shown in UTC and say so.
/// </summary>
public static class LocalTimes
{
    public const string ModulePath = "./js/time-zone.js";

    public static DateTime ToLocal(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);

    public static string ZoneName(TimeZoneInfo zone) =>
        zone.Id == TimeZoneInfo.Utc.Id || zone.Id is "Etc/UTC" or "UTC" ? "UTC" : zone.Id;

    /// <summary>"2026-11-20 13:00:00 Europe/Berlin".</summary>
    public static string Format(DateTime utc, TimeZoneInfo zone) => $"{ToLocal(utc, zone):yyyy-MM-dd HH:mm:ss} {ZoneName(zone)}";

    /// <summary>"2026-11-20 12:00:00 UTC".</summary>
    public static string Utc(DateTime utc) => $"{utc:yyyy-MM-dd HH:mm:ss} UTC";

    /// <summary>The browser's time zone; UTC when the browser does not say or names a zone this server does not know.</summary>
    public static async Task<TimeZoneInfo> FromBrowserAsync(IJSRuntime js)
    {
        try
        {
            await using var module = await js.InvokeAsync<IJSObjectReference?>("import", ModulePath);
            var id = module is null ? null : await module.InvokeAsync<string?>("timeZone");
            return string.IsNullOrWhiteSpace(id) ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is JSException or JSDisconnectedException or TaskCanceledException
                                      or TimeZoneNotFoundException or InvalidTimeZoneException or InvalidOperationException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}
