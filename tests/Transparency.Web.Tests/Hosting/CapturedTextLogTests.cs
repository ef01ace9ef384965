using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Transparency.Core.ApiClients;
using static Transparency.Testing.CaptureBatches;

namespace Transparency.Web.Tests.Hosting;

/// <summary>
/// What people typed and looked at never reaches a log. The app logs at every level, down to Trace for the framework and
/// EF Core, while captured text goes in through ingestion (accepted, refused and conflicting batches), out through the
/// training export, and onto the employee's own pages and download; no log line, state value or exception holds it.
/// </summary>
public sealed class CapturedTextLogTests(CapturedTextLogTests.LoggedAppFactory app) : IClassFixture<CapturedTextLogTests.LoggedAppFactory>
{
    /// <summary>Marks every piece of captured text in this test; nothing else in the app spells it.</summary>
    private const string Marker = "Qv7Zx";

    public sealed class LoggedAppFactory : TransparencyAppFactory
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Logging:LogLevel:Default", "Trace");
            builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Trace");
            builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Trace");
            builder.UseSetting("TrainingExport:SettleSeconds", "0");
            builder.ConfigureLogging(logging =>
            {
                logging.SetMinimumLevel(LogLevel.Trace);
                logging.AddProvider(new CollectingProvider(Lines));
            });
        }
    }

    private sealed class CollectingProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Collector(categoryName, lines);
        public void Dispose() { }
    }

    private sealed class Collector(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            lines.Enqueue($"{category} scope: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join("; ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            lines.Enqueue($"{category} [{logLevel}] {formatter(state, exception)} | {values} | {exception}");
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Captured_text_never_reaches_a_log_line_on_its_way_in_out_or_onto_a_page()
    {
        var capture = await ClientAsync(ApiScopes.CaptureWrite);
        var training = await ClientAsync(ApiScopes.TrainingRead);
        var typed = Keystrokes("E00001", text: $"password {Marker} typed", application: $"Editor{Marker}", site: $"{Marker.ToLowerInvariant()}.example.org");
        var title = Focus("E00001", windowTitle: $"Salary review {Marker}.xlsx", application: $"Sheets{Marker}");
        var app1 = Keystrokes("E00001", text: $"kept {Marker}");

        using (var accepted = await PostAsync(capture, typed, title, app1))
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        // Refused for a field beside the captured text, and a record sent again with other content.
        var refused = Keystrokes("E00001", text: $"refused {Marker}");
        refused["site"] = $"not a host {Marker}";
        using (var bad = await PostAsync(capture, refused))
            Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var changed = (JsonObject)app1.DeepClone();
        changed["content"]!["text"] = $"changed {Marker}";
        using (var conflict = await PostAsync(capture, changed))
            Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);

        using (var export = await training.GetAsync("/api/v1/training/records?limit=100", Ct))
            Assert.Contains(Marker, await export.Content.ReadAsStringAsync(Ct));
        var alex = await app.ClientForAsync("E00001");
        using (var records = await alex.GetAsync($"/my/records?q={Marker}", Ct))
            Assert.Equal(HttpStatusCode.OK, records.StatusCode);
        using (var record = await alex.GetAsync($"/my/records/{Id(title)}", Ct))
            Assert.Contains(Marker, await record.Content.ReadAsStringAsync(Ct));
        using (var download = await alex.GetAsync("/files/my/export.zip", Ct))
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);

        var lines = app.Lines.ToArray();
        Assert.True(lines.Length > 100, $"Only {lines.Length} log lines were written: the logging above is not on.");
        var leaked = lines.Where(l => l.Contains(Marker, StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(leaked.Count == 0, $"Captured text reached the log:\n{string.Join("\n", leaked.Take(5))}");
    }

    private async Task<HttpClient> ClientAsync(string scope)
    {
        var key = await app.Services.GetRequiredService<ApiClientService>().CreateAsync($"log-{Guid.NewGuid():N}", [scope], Ct);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key.Key);
        return client;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, params JsonObject[] items) =>
        client.PostAsync("/api/v1/capture-records",
            new ByteArrayContent(Json(items)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } }, Ct);
}
