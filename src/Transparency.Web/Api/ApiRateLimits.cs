using System.Globalization;
using System.Threading.RateLimiting;
using Transparency.Core.Ingestion;
using Transparency.Core.TrainingExport;

namespace Transparency.Web.Api;

/// <summary>
/// What the service APIs let one client, and all clients together, ask for: requests per minute per API client on
/// ingestion and on the training reads, and a cap on how many training reads one instance serves at a time. Refusals
/// are 429 problems with <c>Retry-After</c>, and change nothing.
/// </summary>
public static class ApiRateLimits
{
    public const string Ingestion = "ingestion";
    public const string TrainingExport = "training-export";

    private const string TrainingPath = "/api/v1/training";

    public static void AddApiRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(o =>
        {
            // Per client, so one misbehaving pipeline cannot starve the others.
            o.AddPolicy(Ingestion, http => PerClientPerMinute(http, http.RequestServices.GetRequiredService<IngestionOptions>().RequestsPerMinute));
            o.AddPolicy(TrainingExport, http => PerClientPerMinute(http, http.RequestServices.GetRequiredService<TrainingExportOptions>().RequestsPerMinute));
            // All clients together: a page is held in memory until its batch commits and a feed read may record thousands of
            // revocations, so the instance serves only so many at once, whoever asks.
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                http.Request.Path.StartsWithSegments(TrainingPath)
                    ? RateLimitPartition.GetConcurrencyLimiter(TrainingPath, _ =>
                    {
                        var options = http.RequestServices.GetRequiredService<TrainingExportOptions>();
                        return new ConcurrencyLimiterOptions
                        {
                            PermitLimit = options.ConcurrentRequests,
                            QueueLimit = options.QueuedRequests,
                            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                        };
                    })
                    : RateLimitPartition.GetNoLimiter(""));
            o.OnRejected = async (context, _) =>
            {
                var http = context.HttpContext;
                var perClient = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait);
                var seconds = perClient ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 2;
                var unchanged = http.Request.Path.StartsWithSegments(TrainingPath) ? "Nothing was exported or recorded." : "Nothing was written.";
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests",
                        Detail = perClient
                            ? $"This client sends more requests than allowed; retry after {seconds} s. {unchanged}"
                            : $"The training export is serving as many requests as it takes at once; retry after {seconds} s. {unchanged}",
                    },
                });
            };
        });
    }

    private static RateLimitPartition<string> PerClientPerMinute(HttpContext http, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(IngestionEndpoints.ClientId(http.User).ToString(), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
}
