using System.Security.Claims;
using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;
using Transparency.Core.AccessLog;
using Transparency.Core.Decisions;
using Transparency.Core.Demo;
using Transparency.Core.Employees;
using Transparency.Core.EventStore;
using Transparency.Core.Notices;
using Transparency.Core.Records;
using Transparency.Testing;
using Transparency.Web.Auth;
using Transparency.Web.Components.Shared;

namespace Transparency.Web.Tests.Components;

/// <summary>
/// Components of the My data area against a real SQLite store and Core's real services, signed in
/// through the same claim <see cref="CurrentEmployee"/> reads in the app. Employees E1, E2 and E3
/// exist; they sign in as themselves (the employee id claim).
/// </summary>
public abstract class SignedInEmployeeContext : BunitContext, IAsyncLifetime
{
    private TestStore? _store;

    protected TestStore Store => _store ?? throw new InvalidOperationException("The store is not created yet.");
    protected FakeTimeProvider Clock { get; } = new(TestData.Now);
    protected static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private IRenderedComponent<IComponent>? _page;

    /// <summary>
    /// Where dialogs, select lists and menus render: the providers the page brings with it (<see cref="Interactive"/>), outside
    /// the page's own content.
    /// </summary>
    protected IRenderedComponent<MudPopoverProvider> Popovers => Page.FindComponent<MudPopoverProvider>();
    protected IRenderedComponent<MudDialogProvider> Dialogs => Page.FindComponent<MudDialogProvider>();
    protected IRenderedComponent<MudSnackbarProvider> Snackbars => Page.FindComponent<MudSnackbarProvider>();

    private IRenderedComponent<IComponent> Page => _page ?? throw new InvalidOperationException("No page is rendered yet: render it with RenderPage.");

    public async ValueTask InitializeAsync()
    {
        _store = await TestStore.CreateAsync(StoreProvider.Sqlite);
        await TestData.AddEmployeesAsync(_store, "E1", "E2", "E3");
        await SeedAsync();

        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.ShowTransitionDuration = 0;
            o.SnackbarConfiguration.HideTransitionDuration = 0;
        });
        Services.AddSingleton<TimeProvider>(Clock);
        Services.AddSingleton(_store.Contexts);
        Services.AddSingleton<EmployeeDirectory>();
        Services.AddSingleton<StandingRuleService>();
        Services.AddSingleton<RecordQueryService>();
        Services.AddSingleton<AccessLogService>();
        Services.AddSingleton<NoticeService>();
        Services.AddScoped<CurrentEmployee>();
    }

    protected virtual Task SeedAsync() => Task.CompletedTask;

    /// <summary>Signs in as one of the store's employees.</summary>
    protected void SignInAs(string employeeId)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized($"Employee {employeeId}");
        auth.SetRoles(Roles.Employee);
        auth.SetClaims(new Claim(AppClaims.EmployeeId, employeeId));
    }

    /// <summary>
    /// Renders a page that needs a circuit as a browser shows it once the circuit has taken it over: inside
    /// <see cref="Interactive"/>, which brings MudBlazor's providers, so <see cref="Popovers"/>, <see cref="Dialogs"/> and
    /// <see cref="Snackbars"/> are the page's own. Services are all registered by then.
    /// </summary>
    protected IRenderedComponent<TPage> RenderPage<TPage>(Action<ComponentParameterCollectionBuilder<TPage>>? parameters = null)
        where TPage : class, IComponent
    {
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var page = Render<TPage>(parameters ?? (_ => { }));
        Assert.Equal("true", page.FindComponent<Interactive>().Find("[data-interactive]").GetAttribute("data-interactive"));
        _page = page;
        return page;
    }

    /// <summary>
    /// Renders a page that renders on the server without a circuit, as a request for <paramref name="uri"/> (its query
    /// included) gets it: static, with no providers of its own.
    /// </summary>
    protected IRenderedComponent<TPage> RenderStaticPage<TPage>(string uri) where TPage : class, IComponent
    {
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        Services.GetRequiredService<NavigationManager>().NavigateTo(uri);
        return Render<TPage>();
    }

    /// <summary>Opens a select by its label and picks the option showing <paramref name="option"/>.</summary>
    protected void Choose<T>(IRenderedComponent<MudSelect<T>> select, string option)
    {
        select.Find("div.mud-input-control").MouseDown();
        Popovers.WaitForAssertion(() => Assert.Contains(Popovers.FindAll(".mud-popover-open .mud-list-item"), i => i.TextContent.Trim() == option));
        Popovers.FindAll(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == option).Click();
    }

    /// <summary>The open dialog's text and its buttons by what they say.</summary>
    protected IElement OpenDialog()
    {
        Dialogs.WaitForAssertion(() => Assert.NotNull(Dialogs.Find(".mud-dialog")));
        return Dialogs.Find(".mud-dialog");
    }

    protected static IElement Button(IElement scope, string text) =>
        scope.QuerySelectorAll("button").Single(b => b.TextContent.Trim() == text);

    protected static string Text(IElement element) =>
        string.Join(' ', element.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        if (_store is not null)
            await _store.DisposeAsync();
    }
}
