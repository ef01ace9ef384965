using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Register;
using Transparency.Testing;
using Transparency.Web.Components.Pages.Register;

namespace Transparency.Web.Tests.Components;

/// <summary>The public processing register, rendered from a real SQLite store.</summary>
public sealed class RegisterPageTests : BunitContext, IAsyncLifetime
{
    private TestStore? _store;

    public async ValueTask InitializeAsync()
    {
        _store = await TestStore.CreateAsync(StoreProvider.Sqlite);
        await TestData.AddEmployeesAsync(_store, "E1");
        await using var db = await _store.Contexts.CreateDbContextAsync(Xunit.TestContext.Current.CancellationToken);
        db.CaptureRecords.Add(TestData.Record("E1", kind: CaptureKind.Keystrokes, purposes: Purposes.OperationalTelemetry | Purposes.ModelTraining));
        db.CaptureRecords.Add(TestData.Record("E1", kind: CaptureKind.Click, purposes: Purposes.OperationalTelemetry));
        await db.SaveChangesAsync(Xunit.TestContext.Current.CancellationToken);

        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<TimeProvider>(new FakeTimeProvider(TestData.Now));
        Services.AddSingleton(_store.Contexts);
        Services.AddSingleton<ProcessingRegister>();
        Services.AddSingleton(sp => new SensitiveContextList(_store.Contexts,
            [new SensitiveContext { Tag = "Banking", Sites = ["bank.example"], WindowTitleContains = ["Online Banking"] }], sp.GetRequiredService<TimeProvider>()));
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        if (_store is not null)
            await _store.DisposeAsync();
    }

    [Fact]
    public void Shows_each_purpose_with_its_legal_basis_recipients_and_retention()
    {
        var cut = Render<RegisterPage>();

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-purpose] h2").Count));
        Assert.Equal("Processing register", cut.Find("h1").TextContent.Trim());
        Assert.Equal(ProcessingRegister.Defaults.Select(p => p.Name), cut.FindAll("[data-purpose] h2").Select(h => h.TextContent.Trim()));
        foreach (var purpose in ProcessingRegister.Defaults)
        {
            var facts = Facts(cut, purpose.Id);
            Assert.Equal(purpose.LegalBasis, facts["Legal basis"]);
            Assert.Equal(purpose.Recipients, facts["Recipients"]);
            Assert.Equal($"{purpose.RetentionDays} days, then the content is erased", facts["Retention"]);
        }
    }

    [Fact]
    public void Says_which_purposes_employees_can_withhold()
    {
        var cut = Render<RegisterPage>();

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-purpose] h2").Count));
        Assert.StartsWith("Yes", Facts(cut, Purposes.ModelTraining)["Can employees withhold it?"]);
        Assert.Equal("No", Facts(cut, Purposes.OperationalTelemetry)["Can employees withhold it?"]);
        Assert.Equal("No", Facts(cut, Purposes.Product)["Can employees withhold it?"]);
    }

    [Fact]
    public void Lists_the_capture_kinds_that_actually_feed_each_purpose()
    {
        var cut = Render<RegisterPage>();

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-purpose] h2").Count));
        Assert.Equal("Clicks, Keystrokes", Facts(cut, Purposes.OperationalTelemetry)["Capture kinds feeding it now"]);
        Assert.Equal("None at present", Facts(cut, Purposes.Product)["Capture kinds feeding it now"]);
        Assert.Equal("Keystrokes", Facts(cut, Purposes.ModelTraining)["Capture kinds feeding it now"]);
        // Until the privacy officer narrows it, a purpose takes every kind.
        Assert.Equal(string.Join(", ", Enum.GetValues<CaptureKind>().Select(Words.Of)), Facts(cut, Purposes.Product)["Capture kinds it takes"]);
        // The list of sensitive contexts is seeded from configuration once, and that is its first version in the history.
        Assert.Equal("Banking: the site bank.example; windows titled with \"Online Banking\"", cut.Find("[data-testid='register-sensitive']").TextContent.Trim());
        var seeded = cut.Find("[data-testid='register-history'] li").TextContent;
        Assert.Contains("Sensitive contexts set up from the configuration: 2 entries.", seeded);
        // Nobody made the first version: it is not put on the privacy officer.
        Assert.Contains("· from the configuration", seeded);
        Assert.DoesNotContain("privacy officer", seeded);
    }

    [Fact]
    public async Task Shows_a_change_to_a_purpose_in_its_history_and_what_the_purpose_now_takes()
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        var register = Services.GetRequiredService<ProcessingRegister>();
        var editor = new PurposeEditor(_store!.Contexts, register, new FakeTimeProvider(TestData.Now));
        var training = ProcessingRegister.Defaults.Single(p => p.Id == Purposes.ModelTraining);
        await editor.ChangeAsync(new PurposeEdit(Purposes.ModelTraining, training.Name, training.Description, training.LegalBasis, training.Recipients,
            training.RetentionDays, [CaptureKind.Click, CaptureKind.AppFocus]), "officer@test", ct);

        var cut = Render<RegisterPage>();

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-purpose] h2").Count));
        Assert.Equal("Clicks, App and site focus", Facts(cut, Purposes.ModelTraining)["Capture kinds it takes"]);
        // The keystroke record no longer feeds training.
        Assert.Equal("None at present", Facts(cut, Purposes.ModelTraining)["Capture kinds feeding it now"]);
        var history = cut.Find("[data-testid='register-history']").TextContent;
        Assert.Contains("AI model training: No longer takes pointer paths, keystrokes, screen snapshots.", history);
        Assert.Contains("by the privacy officer", history);
        Assert.DoesNotContain("officer@test", history);
    }

    /// <summary>The term → description pairs shown on one purpose's card.</summary>
    private static Dictionary<string, string> Facts(IRenderedComponent<RegisterPage> cut, Purposes purpose)
    {
        var card = cut.Find($"[data-purpose='{purpose}']");
        return card.QuerySelectorAll("dt").ToDictionary(
            dt => dt.TextContent.Trim(),
            dt => dt.NextElementSibling is { LocalName: "dd" } dd ? dd.TextContent.Trim() : "");
    }
}
