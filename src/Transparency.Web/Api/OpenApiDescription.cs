using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Transparency.Core.ApiClients;
using Transparency.Web.Auth;

namespace Transparency.Web.Api;

/// <summary>
/// The description services generate their clients from (<c>/openapi/v1.json</c>, committed as <c>docs/openapi.json</c>):
/// the service APIs under <c>/api</c> only, with the two ways a service authenticates.
/// </summary>
public static class OpenApiDescription
{
    public const string ApiKeyScheme = "ApiKey";
    public const string BearerScheme = "Bearer";

    /// <summary>What each service policy asks of an API key (its scope) and of an Entra token (its app role).</summary>
    private static readonly Dictionary<string, (string Scope, string AppRole)> ServiceAccess = new()
    {
        [AppPolicies.CaptureWrite] = (ApiScopes.CaptureWrite, AppPolicies.CaptureWriteAppRole),
        [AppPolicies.TrainingRead] = (ApiScopes.TrainingRead, AppPolicies.TrainingReadAppRole),
    };

    public static void AddTransparencyOpenApi(this IServiceCollection services) => services.AddOpenApi(o =>
    {
        // The pages' sign-in and their cookie-authenticated downloads are not an API a service may call: only /api is described,
        // so a download added for a page later stays out without anyone remembering to exclude it.
        o.ShouldInclude = endpoint => endpoint.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
        o.AddDocumentTransformer((document, _, _) =>
        {
            Describe(document);
            return Task.CompletedTask;
        });
        o.AddOperationTransformer((operation, context, _) =>
        {
            RequireServiceAuthentication(operation, context);
            StreamNdjson(operation);
            return Task.CompletedTask;
        });
    });

    /// <summary>A response header of text, for an endpoint's own transformer to declare.</summary>
    public static void AddHeader(this IOpenApiResponse? response, string name, string description)
    {
        if (response is not OpenApiResponse declared)
            return;
        declared.Headers ??= new Dictionary<string, IOpenApiHeader>();
        declared.Headers[name] = new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
    }

    private static void Describe(OpenApiDocument document)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Transparency API",
            Version = "v1",
            Description = "The capture pipeline writes capture records; the training pipeline reads the records eligible for model training " +
                          "and the feed of exported records it must purge. Every error is an RFC 9457 problem details document.",
        };
        // The server is where the description was fetched from; a trailing slash would double the one every path starts with.
        foreach (var server in document.Servers ?? [])
            server.Url = server.Url?.TrimEnd('/');
        document.AddComponent(ApiKeyScheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyAuthenticationHandler.Header,
            Description = "A client's API key (`api-key create`), carrying the scope the operation needs: " +
                          $"`{ApiScopes.CaptureWrite}` to write capture records, `{ApiScopes.TrainingRead}` to read the training export.",
        });
        document.AddComponent(BearerScheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "Where the app signs in with Entra ID: an Entra access token for this API (audience: the app's client id) whose " +
                          $"application holds the app role the operation needs, `{AppPolicies.CaptureWriteAppRole}` or `{AppPolicies.TrainingReadAppRole}`. " +
                          "The application is registered as an API client on its first call.",
        });
        document.Tags = new HashSet<OpenApiTag>
        {
            new() { Name = IngestionEndpoints.Tag, Description = "The capture pipeline's way in." },
            new() { Name = TrainingExportEndpoints.Tag, Description = "The training pipeline's only way to records, and the revocations it must act on." },
        };
    }

    /// <summary>
    /// An operation behind a service policy takes either scheme: an API key with the policy's scope, or an Entra token with its app
    /// role (OpenAPI 3.1 lets a requirement name the roles of a scheme that is not OAuth).
    /// </summary>
    private static void RequireServiceAuthentication(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var policy = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>()
            .Select(a => a.Policy).FirstOrDefault(p => p is not null && ServiceAccess.ContainsKey(p));
        if (policy is null)
            return;
        var needs = ServiceAccess[policy];
        operation.Security =
        [
            new() { [new OpenApiSecuritySchemeReference(ApiKeyScheme, context.Document)] = [needs.Scope] },
            new() { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [needs.AppRole] },
        ];
    }

    /// <summary>
    /// An NDJSON page is a stream of lines, not one JSON document: described as bytes, a generated client hands it over as a stream
    /// to read line by line instead of parsing the first line as the whole answer. The line's schema stays in the description.
    /// </summary>
    private static void StreamNdjson(OpenApiOperation operation)
    {
        if (operation.Responses is null)
            return;
        foreach (var response in operation.Responses.Values)
        {
            if (response.Content?.TryGetValue(TrainingExportEndpoints.NdjsonMediaType, out var ndjson) != true || ndjson!.Schema is not OpenApiSchemaReference line)
                continue;
            ndjson.Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Format = "binary",
                Description = $"One `{line.Reference.Id}` JSON object per line (UTF-8, each line ending in a line feed).",
            };
        }
    }
}
