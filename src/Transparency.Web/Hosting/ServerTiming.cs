using System.Diagnostics;
using System.Globalization;

namespace Transparency.Web.Hosting;

/// <summary>
/// Every answer says how long the server worked on it before it began to answer (<c>Server-Timing: app;dur=12.3</c>, in
/// milliseconds): an operator reads it in the browser's network panel beside the time the network took, and the benchmark's
/// mixed load reads it per step. A page renders whole before it is sent, so for a page it is the server's whole time.
/// </summary>
public static class ServerTiming
{
    public const string Header = "Server-Timing";

    public static void UseServerTiming(this WebApplication app) => app.Use((context, next) =>
    {
        var started = Stopwatch.GetTimestamp();
        context.Response.OnStarting(() =>
        {
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            context.Response.Headers.Append(Header, string.Create(CultureInfo.InvariantCulture, $"app;dur={ms:0.0}"));
            return Task.CompletedTask;
        });
        return next(context);
    });
}
