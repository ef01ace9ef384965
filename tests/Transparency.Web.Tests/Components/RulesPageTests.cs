using Bunit;
using MudBlazor;
using Transparency.Core.Decisions;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Testing;
using Transparency.Web.Components.Pages.My;

namespace Transparency.Web.Tests.Components;

/// <summary>
/// E1 has 5 keystroke records (3 in Outlook, 2 in Teams) and 2 click records in Outlook, all feeding model training,
/// and one click in Teams that does not. E2 has 4 keystroke records in Outlook.
/// </summary>
public sealed class RulesPageTests : SignedInEmployeeContext
{
    private static readonly EmployeeId E1 = new("E1");
    private static readonly EmployeeId E2 = new("E2");

    protected override async Task SeedAsync()
    {
        await using var db = await Store.Contexts.CreateDbContextAsync(Ct);
        for (var i = 0; i < 3; i++)
            db.CaptureRecords.Add(TestData.Record("E1", TestData.Now.AddHours(-1 - i), CaptureKind.Keystrokes, application: "Outlook"));
        for (var i = 0; i < 2; i++)
            db.CaptureRecords.Add(TestData.Record("E1", TestData.Now.AddHours(-5 - i), CaptureKind.Keystrokes, application: "Teams"));
        for (var i = 0; i < 2; i++)
            db.CaptureRecords.Add(TestData.Record("E1", TestData.Now.AddHours(-8 - i), CaptureKind.Click, application: "Outlook"));
        db.CaptureRecords.Add(TestData.Record("E1", TestData.Now.AddHours(-10), CaptureKind.Click, Purposes.OperationalTelemetry, application: "Teams"));
        for (var i = 0; i < 4; i++)
            db.CaptureRecords.Add(TestData.Record("E2", TestData.Now.AddHours(-1 - i), CaptureKind.Keystrokes, application: "Outlook"));
        await db.SaveChangesAsync(Ct);
    }

    // Built here rather than taken from the services: those cannot change once a test has asked for one.
    private StandingRuleService Rules => new(Store.Contexts, Clock);

    [Fact]
    public async Task Lists_each_rule_in_words_with_what_it_covers_and_what_it_alone_withholds()
    {
        await Rules.AddAsync(E1, new RuleDraft(CaptureKind.Keystrokes, null, null, null, null), Ct);
        await Rules.AddAsync(E1, new RuleDraft(null, "Outlook", null, null, null), Ct);
        SignInAs("E1");

        var cut = RenderPage<RulesPage>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-rule]").Count));
        Assert.Equal("Standing rules", Assert.Single(cut.FindAll("h1")).TextContent.Trim());
        var rules = cut.FindAll("[data-rule]");
        Assert.Equal(["Never train on keystrokes", "Never train on anything in Outlook"],
            rules.Select(r => r.QuerySelector("[data-testid='rule-description']")!.TextContent.Trim()));
        // Outlook's keystrokes are covered by both rules, so each rule alone withholds only what the other does not cover.
        Assert.Equal("Covers 5 records of yours; 2 records withheld from training by this rule alone.",
            Text(rules[0].QuerySelector("[data-testid='rule-counts']")!));
        Assert.Equal("Covers 5 records of yours; 2 records withheld from training by this rule alone.",
            Text(rules[1].QuerySelector("[data-testid='rule-counts']")!));
        Assert.Equal(["Remove the rule: Never train on keystrokes", "Remove the rule: Never train on anything in Outlook"],
            rules.Select(r => r.QuerySelector("button")!.GetAttribute("aria-label")));
    }

    [Fact]
    public void Without_rules_says_so()
    {
        SignInAs("E1");

        var cut = RenderPage<RulesPage>();

        cut.WaitForAssertion(() => Assert.Contains("You have no standing rules", cut.Find("[data-testid='no-rules']").TextContent));
        Assert.Empty(cut.FindAll("[data-rule]"));
    }

    [Fact]
    public async Task Another_employees_rule_never_appears_and_never_counts()
    {
        await Rules.AddAsync(E2, new RuleDraft(CaptureKind.Keystrokes, null, null, null, null), Ct);
        SignInAs("E1");

        var cut = RenderPage<RulesPage>();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid='no-rules']")));
        Assert.DoesNotContain("Never train on keystrokes", cut.Markup);
        // E1's opt-out would cover E1's 8 records, not E2's 4.
        Assert.StartsWith("This covers all 8 records of yours; 7 of them are used for training today",
            Text(cut.Find("[data-testid='opt-out-preview']")));
    }

    [Fact]
    public async Task The_draft_shows_its_effect_before_saving_and_saving_adds_the_rule()
    {
        SignInAs("E1");
        var cut = RenderPage<RulesPage>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid='rule-hint']")));
        Assert.True(SaveButton(cut).HasAttribute("disabled"));

        Choose(cut.FindComponent<MudSelect<CaptureKind?>>(), "Keystrokes");

        cut.WaitForAssertion(() => Assert.Equal(
            "Never train on keystrokes. Covers 5 records of yours; 5 of them are used for training today and would be withheld. " +
            "Matching records captured later will be withheld too.",
            Text(cut.Find("[data-testid='rule-preview']"))));
        Assert.Empty(await Rules.ListAsync(E1, Ct));

        SaveButton(cut).Click();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-rule]")));
        Assert.Equal("Never train on keystrokes", cut.Find("[data-testid='rule-description']").TextContent.Trim());
        Assert.Equal("Covers 5 records of yours; 5 records withheld from training by this rule alone.", Text(cut.Find("[data-testid='rule-counts']")));
        Snackbars.WaitForAssertion(() => Assert.Contains("Rule saved: Never train on keystrokes. 5 records withheld from training.", Snackbars.Markup));
        var saved = Assert.Single(await Rules.ListAsync(E1, Ct));
        Assert.Equal(CaptureKind.Keystrokes, saved.Rule.Kind);
        // The form is ready for the next rule.
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid='rule-hint']")));
    }

    [Fact]
    public void The_preview_follows_each_change_of_the_draft()
    {
        SignInAs("E1");
        var cut = RenderPage<RulesPage>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid='rule-hint']")));

        Choose(cut.FindComponent<MudSelect<CaptureKind?>>(), "Clicks");
        cut.WaitForAssertion(() => Assert.Contains("Covers 3 records of yours; 2 of them are used for training today", Text(cut.Find("[data-testid='rule-preview']"))));

        cut.Find("input#rule-before").Change(TestData.Now.ToString("yyyy-MM-dd"));
        cut.WaitForAssertion(() => Assert.Contains(
            "Never train on clicks captured before 2026-11-20. Covers 0 records of yours; 0 of them are used for training today",
            Text(cut.Find("[data-testid='rule-preview']"))));
    }

    [Fact]
    public void A_draft_that_cannot_be_a_rule_says_why_and_cannot_be_saved()
    {
        SignInAs("E1");
        var cut = RenderPage<RulesPage>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid='rule-hint']")));

        cut.Find("input#rule-from").Change("2026-11-10");
        cut.Find("input#rule-before").Change("2026-11-01");

        cut.WaitForAssertion(() => Assert.Equal("\"Captured from\" must be before \"captured before\".", Text(cut.Find("[data-testid='rule-problems']"))));
        Assert.Empty(cut.FindAll("[data-testid='rule-preview']"));
        Assert.True(SaveButton(cut).HasAttribute("disabled"));
    }

    [Fact]
    public async Task A_duplicate_rule_is_refused_with_the_reason_shown_inline()
    {
        await Rules.AddAsync(E1, new RuleDraft(CaptureKind.Keystrokes, null, null, null, null), Ct);
        SignInAs("E1");
        var cut = RenderPage<RulesPage>();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-rule]")));

        Choose(cut.FindComponent<MudSelect<CaptureKind?>>(), "Keystrokes");
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid='rule-preview']")));
        SaveButton(cut).Click();

        cut.WaitForAssertion(() => Assert.Equal("You already have this rule.", Text(cut.Find("[data-testid='rule-problems']"))));
        Assert.Single(await Rules.ListAsync(E1, Ct));
    }

    [Fact]
    public async Task Removing_a_rule_asks_first_saying_what_happens_and_keeps_it_when_declined()
    {
        await Rules.AddAsync(E1, new RuleDraft(CaptureKind.Keystrokes, null, null, null, null), Ct);
        await Rules.AddAsync(E1, new RuleDraft(null, "Outlook", null, null, null), Ct);
        SignInAs("E1");
        var cut = RenderPage<RulesPage>();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-rule]").Count));

        cut.FindAll("[data-rule]")[0].QuerySelector("button")!.Click();

        var dialog = OpenDialog();
        Assert.Contains("Remove this rule?", Text(dialog));
        Assert.Contains("“Never train on keystrokes.” 2 records become eligible for training again; records withheld otherwise stay withheld.", Text(dialog));
        Button(dialog, "Keep rule").Click();
        Dialogs.WaitForAssertion(() => Assert.Empty(Dialogs.FindAll(".mud-dialog")));
        Assert.Equal(2, (await Rules.ListAsync(E1, Ct)).Count);
        Assert.Equal(2, cut.FindAll("[data-rule]").Count);

        cut.FindAll("[data-rule]")[0].QuerySelector("button")!.Click();
        Button(OpenDialog(), "Remove rule").Click();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-rule]")));
        Assert.Equal("Never train on anything in Outlook", cut.Find("[data-testid='rule-description']").TextContent.Trim());
        // With the keystroke rule gone, the Outlook rule alone withholds Outlook's keystrokes too.
        Assert.Equal("Covers 5 records of yours; 5 records withheld from training by this rule alone.", Text(cut.Find("[data-testid='rule-counts']")));
        Snackbars.WaitForAssertion(() => Assert.Contains("Rule removed: Never train on keystrokes. 2 records eligible for training again.", Snackbars.Markup));
        Assert.Equal("Outlook", Assert.Single(await Rules.ListAsync(E1, Ct)).Rule.Application);
    }

    [Fact]
    public async Task Opting_out_entirely_is_a_separate_choice_confirmed_on_its_own()
    {
        SignInAs("E1");
        var cut = RenderPage<RulesPage>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid='opt-out-preview']")));

        Button(cut.Find("[data-testid='opt-out']"), "Opt out of model training…").Click();
        var dialog = OpenDialog();
        Assert.Contains("Opt out of model training entirely?", Text(dialog));
        Assert.Contains("not the 8 records held today (7 of them used for training now), and not any record captured later", Text(dialog));
        Button(dialog, "Opt out").Click();

        cut.WaitForAssertion(() => Assert.Equal("Never train on anything", cut.Find("[data-testid='rule-description']").TextContent.Trim()));
        Assert.Contains("You have opted out of model training entirely", cut.Find("[data-testid='opted-out']").TextContent);
        Assert.Empty(cut.FindAll("[data-testid='opt-out'] button"));
        Assert.True(Assert.Single(await Rules.ListAsync(E1, Ct)).Rule.IsGlobalOptOut);
    }

    private static AngleSharp.Dom.IElement SaveButton(IRenderedComponent<RulesPage> cut) =>
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Save rule");
}
