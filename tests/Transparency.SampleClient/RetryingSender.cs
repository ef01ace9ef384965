using System.Net;

namespace Transparency.SampleClient;

/// <summary>How often and how long to try a request again.</summary>
public sealed record RetryOptions
{
    public int MaxAttempts { get; init; } = 6;
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(100);
    public TimeSpan FirstBackoff { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Sends a request and sends it again when the failure may be temporary: 429 (after the server's
/// Retry-After), 5xx, a timeout or a dropped connection. Other answers, 4xx included, go back to the
/// caller at once: they will not change by asking again. The request is built anew for each attempt,
/// so it carries the same headers — for ingestion, the same Idempotency-Key, which is what makes a
/// retry after a lost answer safe.
/// </summary>
public sealed class RetryingSender(HttpClient http, TextWriter log, RetryOptions? options = null)
{
    private readonly RetryOptions _options = options ?? new RetryOptions();

    /// <summary>The first answer that is not worth retrying, or the last one when the attempts run out.</summary>
    /// <exception cref="HttpRequestException">The last attempt failed without an answer.</exception>
    /// <exception cref="TimeoutException">The last attempt timed out.</exception>
    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var last = attempt >= _options.MaxAttempts;
            TimeSpan wait;
            string why;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                timeout.CancelAfter(_options.AttemptTimeout);
                try
                {
                    using var message = request();
                    // The default completion option reads the whole body inside the attempt: a connection that
                    // drops half way through the answer is retried like one that drops before it.
                    var response = await http.SendAsync(message, timeout.Token);
                    if (response.StatusCode == HttpStatusCode.TooManyRequests)
                    {
                        wait = RetryAfter(response) ?? Backoff(attempt);
                        why = "429 Too Many Requests";
                    }
                    else if ((int)response.StatusCode >= 500)
                    {
                        wait = Backoff(attempt);
                        why = $"{(int)response.StatusCode} {response.ReasonPhrase}";
                    }
                    else
                        return response;
                    if (last)
                        return response;
                    response.Dispose();
                }
                catch (HttpRequestException e) when (!last)
                {
                    wait = Backoff(attempt);
                    why = e.Message;
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    if (last)
                        throw new TimeoutException($"No answer within {_options.AttemptTimeout.TotalSeconds:0} s, {attempt} attempts.");
                    wait = Backoff(attempt);
                    why = $"no answer within {_options.AttemptTimeout.TotalSeconds:0} s";
                }
            }
            log.WriteLine($"  attempt {attempt} failed ({why}); trying again in {wait.TotalSeconds:0.#} s");
            await Task.Delay(wait, ct);
        }
    }

    /// <summary>The server's Retry-After, as seconds or as a date.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>Exponential, with jitter so that many clients that failed together do not come back together.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var seconds = Math.Min(_options.FirstBackoff.TotalSeconds * Math.Pow(2, attempt - 1), _options.MaxBackoff.TotalSeconds);
        return TimeSpan.FromSeconds(seconds * (1 + Random.Shared.NextDouble() * 0.2));
    }
}
