using System.Globalization;
using Bunit;
using CsCheck;
using Transparency.Core.EventStore;
using Transparency.Testing;
using Transparency.Web.Components.Pages.My;

namespace Transparency.Web.Tests.Components;

/// <summary>
/// The rule editor's period given generated days typed into its two date fields: a period that ends before it starts is
/// said inline, naming the fields, and the rule cannot be saved; any other period is previewed.
/// </summary>
public sealed class RulesPageSweepTests : SignedInEmployeeContext
{
    protected override async Task SeedAsync()
    {
        await using var db = await Store.Contexts.CreateDbContextAsync(Ct);
        db.CaptureRecords.Add(TestData.Record("E1", TestData.Now.AddHours(-1), CaptureKind.Keystrokes, application: "Outlook"));
        await db.SaveChangesAsync(Ct);
    }

    private static readonly Gen<DateOnly> Day = Gen.Frequency(
        (6, Gen.DateOnly[new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30)]),
        (1, Gen.OneOf(new DateOnly(1, 1, 1), new DateOnly(9999, 12, 30), new DateOnly(2000, 2, 29))));

    [Fact]
    public void A_generated_period_that_ends_before_it_starts_is_named_inline_and_cannot_be_saved()
    {
        SignInAs("E1");
        var cut = RenderPage<RulesPage>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid='rule-hint']")));

        Gen.Select(Day, Day).Sample((from, before) =>
        {
            cut.Find("input#rule-from").Change(from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            cut.Find("input#rule-before").Change(before.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            if (from < before)
                cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid='rule-preview']")));
            else
            {
                cut.WaitForAssertion(() => Assert.Contains("\"Captured from\" must be before \"captured before\".",
                    string.Join(" ", cut.FindAll("[data-testid='rule-problems']").Select(Text)), StringComparison.Ordinal));
                Assert.Empty(cut.FindAll("[data-testid='rule-preview']"));
                Assert.True(cut.FindAll("button").Single(b => b.TextContent.Trim() == "Save rule").HasAttribute("disabled"));
            }
        }, iter: 100, threads: 1, writeLine: line => Xunit.TestContext.Current.TestOutputHelper?.WriteLine(line));
    }
}
