using Transparency.Core.ApiClients;
using Transparency.Core.EventStore;
using Transparency.Core.Startup;

namespace Transparency.Web.Hosting;

/// <summary>
/// <c>api-key create --name N --scope S [--scope S2]</c>, <c>api-key revoke --name N</c>, <c>api-key list</c>:
/// operators manage service keys against the configured store without starting the web server.
/// </summary>
public static class ApiKeyCommand
{
    public static bool IsInvoked(string[] args) => args.Length > 0 && args[0] == "api-key";

    private const string Usage = """
        Usage:
          api-key create --name <client name> --scope <capture:write|training:read> [--scope ...]
          api-key revoke --name <client name>
          api-key list
        The store is the one the app is configured with (Store:Provider, ConnectionStrings:Transparency).
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var (verb, options, rest) = Parse(args.Skip(1).ToArray());
        using var host = CommandHost.Build(rest);
        try
        {
            await host.Services.GetRequiredService<StoreInitializer>().InitializeAsync(null);
            var clients = host.Services.GetRequiredService<ApiClientService>();
            switch (verb)
            {
                case "create":
                    var created = await clients.CreateAsync(One(options, "name") ?? "", options.GetValueOrDefault("scope") ?? []);
                    Console.WriteLine($"Created API client '{created.Client.Name}' with scopes: {string.Join(", ", created.Client.Scopes)}.");
                    Console.WriteLine("Its key is shown this once; store it in the client's secret store:");
                    Console.WriteLine(created.Key);
                    return 0;
                case "revoke":
                    var name = One(options, "name") ?? throw new ArgumentException("Name the client to revoke (--name).");
                    if (await clients.RevokeAsync(name))
                    {
                        Console.WriteLine($"Revoked the key of '{name}'. Requests with it are refused from now on.");
                        return 0;
                    }
                    Console.Error.WriteLine($"There is no active client named '{name}'.");
                    return 2;
                case "list":
                    foreach (var c in await clients.ListAsync())
                        Console.WriteLine($"{c.Name}\t{string.Join(' ', c.Scopes)}\t{(c.KeyPrefix is null ? "Entra app" : c.KeyPrefix + "…")}\tcreated {c.CreatedAt:yyyy-MM-dd HH:mm}Z\t{(c.RevokedAt is { } r ? $"revoked {r:yyyy-MM-dd HH:mm}Z" : "active")}");
                    return 0;
                default:
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
        }
        catch (Exception e) when (e is ArgumentException or StoreConfigurationException)
        {
            Console.Error.WriteLine(e is ArgumentException a ? a.Message.Split(" (Parameter")[0] : e.Message);
            return 2;
        }
    }

    private static string? One(Dictionary<string, List<string>> options, string key) =>
        options.TryGetValue(key, out var values) ? values.LastOrDefault() : null;

    /// <summary>Splits the command's own options from the rest, which go to configuration (e.g. --Store:Provider Postgres).</summary>
    private static (string Verb, Dictionary<string, List<string>> Options, string[] HostArgs) Parse(string[] args)
    {
        var verb = args.FirstOrDefault() ?? "";
        var options = new Dictionary<string, List<string>>();
        var rest = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] is "--name" or "--scope" && i + 1 < args.Length)
            {
                var key = args[i][2..];
                if (!options.TryGetValue(key, out var list))
                    options[key] = list = [];
                list.AddRange(args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }
            else
                rest.Add(args[i]);
        }
        return (verb, options, rest.ToArray());
    }
}
