using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Transparency.Web.Tests.Hosting;

namespace Transparency.Web.Tests.Api;

/// <summary>
/// <c>/openapi/v1.json</c> as the real app serves it: what a service generates its client from. The committed copy,
/// <c>docs/openapi.json</c>, is the app's own description fetched the way this test fetches it.
/// </summary>
public sealed class OpenApiDescriptionTests(TransparencyAppFactory app) : IClassFixture<TransparencyAppFactory>
{
    /// <summary>The demo app's address (docs/api.md): the server the committed description names.</summary>
    public static readonly Uri DemoAddress = new("http://localhost:5062");

    public const string RegenerateVariable = "TRANSPARENCY_WRITE_OPENAPI";

    private static readonly string[] UiPaths =
        ["/sign-in", "/sign-out", "/dev/sign-in", "/files/", "/council/", "/hr/", "/my/", "/verify", "/healthz", "/openapi"];

    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Only_the_service_apis_are_described()
    {
        var paths = (await DescriptionAsync())["paths"]!.AsObject().Select(p => p.Key).ToList();

        Assert.Equal(["/api/v1/capture-records", "/api/v1/training/records", "/api/v1/training/revocations"], paths.Order());
        Assert.DoesNotContain(paths, p => UiPaths.Any(ui => p.StartsWith(ui, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Every_operation_has_a_summary_a_tag_and_security_that_names_declared_schemes()
    {
        var description = await DescriptionAsync();
        var schemes = description["components"]!["securitySchemes"]!.AsObject();

        Assert.Equal("apiKey", (string?)schemes["ApiKey"]!["type"]);
        Assert.Equal("header", (string?)schemes["ApiKey"]!["in"]);
        Assert.Equal("X-Api-Key", (string?)schemes["ApiKey"]!["name"]);
        Assert.Equal("http", (string?)schemes["Bearer"]!["type"]);
        Assert.Equal("bearer", (string?)schemes["Bearer"]!["scheme"]);
        Assert.All(Operations(description), o =>
        {
            Assert.False(string.IsNullOrWhiteSpace((string?)o.Operation["summary"]), $"{o.Name} has no summary");
            Assert.NotEmpty(o.Operation["tags"]?.AsArray() ?? []);
            // Two alternatives, either of which satisfies the operation: the API key or the Entra token.
            var requirements = o.Operation["security"]?.AsArray() ?? [];
            Assert.Equal(["ApiKey", "Bearer"], requirements.SelectMany(r => r!.AsObject().Select(s => s.Key)).Order());
            Assert.All(requirements, r => Assert.All(r!.AsObject(), s => Assert.True(schemes.ContainsKey(s.Key), $"{o.Name}: {s.Key} is not declared")));
        });
    }

    [Theory]
    [InlineData("post /api/v1/capture-records", "200 400 401 403 409 413 415 422 429 503")]
    [InlineData("get /api/v1/training/records", "200 400 401 403 429 503")]
    [InlineData("get /api/v1/training/revocations", "200 400 401 403 429 503")]
    public async Task Each_operation_declares_what_it_answers_and_its_errors_are_problem_details(string operation, string statuses)
    {
        var (_, declared) = Operations(await DescriptionAsync()).Single(o => o.Name == operation);
        var responses = declared["responses"]!.AsObject();

        Assert.Equal(statuses.Split(' '), responses.Select(r => r.Key).Order());
        Assert.All(responses.Where(r => r.Key.StartsWith('4')), r =>
            Assert.Equal(["application/problem+json"], r.Value!["content"]!.AsObject().Select(c => c.Key)));
    }

    [Fact]
    public async Task Server_url_has_no_trailing_slash()
    {
        var servers = (await DescriptionAsync())["servers"]!.AsArray();

        Assert.Equal([DemoAddress.GetLeftPart(UriPartial.Authority)], servers.Select(s => (string?)s!["url"]));
    }

    [Fact]
    public async Task Committed_description_is_the_one_the_app_serves()
    {
        var live = Pretty(await DescriptionAsync());
        var committedPath = Path.Combine(RepositoryRoot(), "docs", "openapi.json");
        if (Environment.GetEnvironmentVariable(RegenerateVariable) == "1")
            await File.WriteAllTextAsync(committedPath, live, Ct);

        var committed = File.Exists(committedPath) ? (await File.ReadAllTextAsync(committedPath, Ct)).ReplaceLineEndings("\n") : "";

        Assert.True(committed == live,
            "docs/openapi.json differs from the description the app serves. Regenerate it from the app with " +
            $"`{RegenerateVariable}=1 dotnet test tests/Transparency.Web.Tests --filter FullyQualifiedName~OpenApiDescriptionTests` and commit it.");
    }

    /// <summary>The description as served to a client of the demo app's address.</summary>
    private async Task<JsonObject> DescriptionAsync()
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = DemoAddress });
        using var response = await client.GetAsync("/openapi/v1.json", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();
    }

    private static IEnumerable<(string Name, JsonObject Operation)> Operations(JsonObject description) =>
        from path in description["paths"]!.AsObject()
        from operation in path.Value!.AsObject()
        where Methods.Contains(operation.Key)
        select ($"{operation.Key} {path.Key}", operation.Value!.AsObject());

    private static string Pretty(JsonNode description) =>
        description.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })
            .ReplaceLineEndings("\n") + "\n";

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Transparency.sln")))
                return folder.FullName;
        throw new InvalidOperationException("The repository root (Transparency.sln) is not above " + AppContext.BaseDirectory);
    }
}
