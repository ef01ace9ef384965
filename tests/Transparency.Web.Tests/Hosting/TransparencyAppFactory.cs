using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Transparency.Core.Demo;
using Transparency.Core.EventStore;
using Transparency.Testing;

namespace Transparency.Web.Tests.Hosting;

/// <summary>
/// The real app in the Development environment over a fresh store holding the demo organisation's
/// six people and a few capture records. One per test class: signing in and seeding are the slow parts.
/// </summary>
public class TransparencyAppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string OrgUnitName = "Demo organisation";
    public const string AuthCookie = "transparency.dev";

    /// <summary>How many capture records each demo employee has in the last 30 days.</summary>
    public static readonly IReadOnlyDictionary<string, int> RecordsPerEmployee = new Dictionary<string, int>
    {
        ["E00001"] = 3, ["E00002"] = 0, ["E00003"] = 0, ["E00004"] = 1, ["E00005"] = 0, ["E00006"] = 2,
    };

    private readonly StoreProvider _provider;
    private readonly Dictionary<string, HttpClient> _signedIn = [];
    private TestStore? _store;

    public TransparencyAppFactory() : this(StoreProvider.Sqlite) { }

    protected TransparencyAppFactory(StoreProvider provider) => _provider = provider;

    public TestStore Store => _store ?? throw new InvalidOperationException("The factory is not initialized yet.");

    public virtual async ValueTask InitializeAsync()
    {
        _store = await TestStore.CreateAsync(_provider);
        await SeedAsync(_store);
        StartServer();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Store:Provider", Store.Options.Provider.ToString());
        builder.UseSetting("ConnectionStrings:Transparency", Store.Options.ConnectionString);
        // The demo generator is someone else's work in progress; these tests seed their own small store.
        builder.UseSetting("Demo:Seed", "false");
        builder.UseSetting("Demo:SignIn", "true");
    }

    /// <summary>A client that keeps cookies and does not follow redirects, so tests can assert them.</summary>
    public HttpClient CreateBrowserClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>
    /// Signs in through the real development sign-in: the page's form, its antiforgery token, the POST.
    /// The returned client carries the sign-in cookie.
    /// </summary>
    public async Task<HttpClient> SignInAsync(DemoUser user, string returnUrl = "/")
    {
        var ct = TestContext.Current.CancellationToken;
        var client = CreateBrowserClient();
        var token = await AntiforgeryTokenAsync(client, ct);
        using var response = await client.PostAsync("/dev/sign-in", Form(token, user.SignInIdentity, returnUrl), ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(returnUrl, response.Headers.Location?.OriginalString);
        Assert.Contains(SetCookies(response), c => c.StartsWith(AuthCookie + "=", StringComparison.Ordinal));
        return client;
    }

    /// <summary>One signed-in client per demo user for the lifetime of the factory.</summary>
    public async Task<HttpClient> ClientForAsync(string employeeId)
    {
        if (!_signedIn.TryGetValue(employeeId, out var client))
            _signedIn[employeeId] = client = await SignInAsync(DemoUser(employeeId));
        return client;
    }

    public static DemoUser DemoUser(string employeeId) => DemoUsers.All.Single(u => u.EmployeeId == employeeId);

    /// <summary>Loads the development sign-in page and reads the antiforgery token from its first form.</summary>
    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, CancellationToken ct)
    {
        using var response = await client.GetAsync("/dev/sign-in", ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await ParseAsync(response, ct);
        var input = page.QuerySelector("form[action='/dev/sign-in'] input[name='__RequestVerificationToken']") as IHtmlInputElement;
        Assert.NotNull(input);
        Assert.False(string.IsNullOrEmpty(input.Value));
        return input.Value;
    }

    public static FormUrlEncodedContent Form(string? token, string user, string? returnUrl)
    {
        var fields = new List<KeyValuePair<string, string>>();
        if (token is not null)
            fields.Add(new("__RequestVerificationToken", token));
        fields.Add(new("user", user));
        if (returnUrl is not null)
            fields.Add(new("returnUrl", returnUrl));
        return new FormUrlEncodedContent(fields);
    }

    public static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response, CancellationToken ct) =>
        await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync(ct), ct);

    /// <summary>The text a person reads on the page, entities decoded and white space collapsed.</summary>
    public static string VisibleText(IHtmlDocument page) =>
        string.Join(' ', (page.Body?.TextContent ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static async Task SeedAsync(TestStore store)
    {
        await using var db = await store.Contexts.CreateDbContextAsync();
        db.OrgUnits.Add(new OrgUnit { Id = "OU-DEMO", Name = OrgUnitName });
        foreach (var user in DemoUsers.All)
        {
            db.Employees.Add(new Employee
            {
                Id = user.EmployeeId, DisplayName = user.DisplayName, OrgUnitId = "OU-DEMO", SignInIdentity = user.SignInIdentity, ObjectId = user.ObjectId,
            });
            var kinds = Enum.GetValues<CaptureKind>();
            for (var i = 0; i < RecordsPerEmployee[user.EmployeeId]; i++)
                db.CaptureRecords.Add(TestData.Record(user.EmployeeId, DateTime.UtcNow.AddHours(-2 - i), kinds[i % kinds.Length]));
        }
        // Outside the 30-day summary window: never counted on the home page.
        db.CaptureRecords.Add(TestData.Record("E00002", DateTime.UtcNow.AddDays(-45)));
        await db.SaveChangesAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var client in _signedIn.Values)
            client.Dispose();
        await base.DisposeAsync();
        if (_store is not null)
            await _store.DisposeAsync();
    }
}

/// <summary>The same app and data on PostgreSQL, the production store.</summary>
public sealed class PostgresAppFactory() : TransparencyAppFactory(StoreProvider.Postgres);
