using System.Globalization;
using Transparency.Core.EventStore;
using Transparency.Web.Auth;

namespace Transparency.Web.Api;

/// <summary>
/// A request that failed because the store could not be reached is answered 503 with <c>Retry-After</c>, not 500: nothing
/// it asked for was committed (ingestion and export pages are single transactions), and the same request succeeds once
/// the store is back. The connection pool needs no restart of the app for that; the next request opens a new connection.
/// </summary>
public static class StoreUnavailable
{
    /// <summary>
    /// Seconds a client should wait before retrying. A PostgreSQL restart or fail-over takes a few seconds; a capture agent
    /// or training pipeline retrying sooner only adds load while it comes back.
    /// </summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>Placed after the exception handler, so the store's outages are answered here and every other failure there.</summary>
    public static void UseStoreUnavailable(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StoreUnavailable).FullName!);
        app.Use(async (http, next) =>
        {
            try
            {
                await next(http);
            }
            catch (Exception e) when (StoreOutage.IsOutage(e) && !http.RequestAborted.IsCancellationRequested)
            {
                // Type names and SQLSTATE only: a driver's message may quote a statement, and a statement may quote content.
                logger.LogWarning("The store is unreachable; {Method} {Path} answered 503 ({Failure}, SQLSTATE {SqlState}).",
                    http.Request.Method, http.Request.Path.Value, Describe(e), StoreOutage.SqlStateOf(e) ?? "none");
                if (http.Response.HasStarted)
                    throw;
                await AnswerAsync(http);
            }
        });
    }

    private static async Task AnswerAsync(HttpContext http)
    {
        http.Response.Clear();
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers.CacheControl = "no-store";
        if (AuthSetup.IsApiOrFile(http.Request))
        {
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails =
                {
                    Status = StatusCodes.Status503ServiceUnavailable, Title = "Store unavailable",
                    Detail = $"The event store cannot be reached at the moment. Nothing was written or exported by this request; " +
                             $"send it again (with the same Idempotency-Key) after {RetryAfterSeconds} s.",
                },
            });
            return;
        }
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Transparency is unavailable</title>
            <meta http-equiv="refresh" content="{RetryAfterSeconds * 2}"></head>
            <body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
            <h1>Transparency is unavailable for a moment</h1>
            <p>The store that holds the records cannot be reached. Nothing you did was lost; this page tries again by itself.</p>
            </body></html>
            """);
    }

    private static string Describe(Exception e)
    {
        var names = new List<string>();
        for (var inner = e; inner is not null && names.Count < 4; inner = inner.InnerException)
            names.Add(inner.GetType().Name);
        return string.Join(" ← ", names);
    }
}
