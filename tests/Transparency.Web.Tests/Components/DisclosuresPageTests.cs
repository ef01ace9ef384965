using AngleSharp.Dom;
using Bunit;
using Transparency.Core.EventStore;
using Transparency.Testing;
using Transparency.Web.Components.Pages.Hr;
using Transparency.Web.Components.Shared;

namespace Transparency.Web.Tests.Components;

/// <summary>
/// HR's disclosures page as the server renders it for an address. The directory holds E1, E2 and E3 ("Employee E1" …),
/// Alex Morgan (A1, with a record whose content HR must never see), Alexandra Lind (A2, who left in October) and
/// twenty-five more: thirty people, two pages of 25.
/// </summary>
public sealed class DisclosuresPageTests : SignedInEmployeeContext
{
    private const string Secret = "only-alex-typed-this";

    protected override async Task SeedAsync()
    {
        await using var db = await Store.Contexts.CreateDbContextAsync(Ct);
        db.Employees.Add(new Employee { Id = "A1", DisplayName = "Alex Morgan", OrgUnitId = "OU-TEST", SignInIdentity = "a1@test" });
        db.Employees.Add(new Employee
        {
            Id = "A2", DisplayName = "Alexandra Lind", OrgUnitId = "OU-TEST", SignInIdentity = "a2@test", LeavesOn = new DateOnly(2026, 10, 31),
        });
        db.Employees.AddRange(Enumerable.Range(1, 25).Select(i => new Employee
        {
            Id = $"F{i:D2}", DisplayName = $"Filler {i:D2}", OrgUnitId = "OU-TEST", SignInIdentity = $"f{i:D2}@test",
        }));
        var record = TestData.Record("A1");
        record.Summary = $"Typed {Secret}";
        record.Content = new CaptureContent { EmployeeId = "A1", Json = $$"""{"text":"{{Secret}}"}""" };
        db.CaptureRecords.Add(record);
        await db.SaveChangesAsync(Ct);
    }

    [Fact]
    public void Lists_the_directory_a_page_at_a_time_by_links()
    {
        var first = RenderStaticPage<DisclosuresPage>("/hr/disclosures");

        Assert.Equal("Disclosures", Text(first.Find("h1")));
        Assert.Equal(25, Rows(first).Count);
        Assert.Equal(["Alex Morgan", "Alexandra Lind Left on 2026-10-31", "Employee E1"], Rows(first).Take(3).Select(r => Cell(r, "Name")));
        Assert.Equal("A1", Cell(Rows(first)[0], "Employee id"));
        Assert.Equal("Test unit", Cell(Rows(first)[0], "Org unit"));
        Assert.Equal("Page 1 of 2", Text(first.Find("[data-testid='employees-page']")));
        Assert.Equal("/hr/disclosures?page=2", first.Find("a#employees-next").GetAttribute("href"));
        Assert.Equal("/hr/disclosures/organisation.pdf", first.Find("[data-testid='organisation-disclosure']").GetAttribute("href"));
        Assert.Empty(first.FindAll("[data-testid='disclosure-form']"));

        var second = RenderStaticPage<DisclosuresPage>("/hr/disclosures?page=2");

        Assert.Equal(5, Rows(second).Count);
        Assert.Equal("Page 2 of 2", Text(second.Find("[data-testid='employees-page']")));
        Assert.Equal("/hr/disclosures", second.Find("a#employees-previous").GetAttribute("href"));
    }

    [Fact]
    public void The_search_is_a_form_whose_text_is_in_the_address()
    {
        var cut = RenderStaticPage<DisclosuresPage>("/hr/disclosures?q=alex");

        var form = cut.Find("form[data-testid='employee-search-form']");
        Assert.Equal("get", form.GetAttribute("method"));
        Assert.Equal("/hr/disclosures", form.GetAttribute("action"));
        Assert.Equal("Find an employee", Text(cut.Find("label[for='employee-search']")));
        var search = cut.Find("#employee-search");
        Assert.Equal(("q", "search", "alex"), (search.GetAttribute("name"), search.GetAttribute("type"), search.GetAttribute("value")));
        Assert.Equal("Part of a name, an employee id or an org unit", Text(cut.Find("#" + search.GetAttribute("aria-describedby"))));
        Assert.Equal("Search", Text(Assert.Single(form.QuerySelectorAll("button[type='submit']"))));
        Assert.Equal("/hr/disclosures", cut.Find("#employee-search-clear").GetAttribute("href"));

        Assert.Equal(["Alex Morgan", "Alexandra Lind Left on 2026-10-31"], Rows(cut).Select(r => Cell(r, "Name")));
        Assert.Equal("Page 1 of 1", Text(cut.Find("[data-testid='employees-page']")));
    }

    [Fact]
    public void A_search_that_finds_nobody_says_so()
    {
        var cut = RenderStaticPage<DisclosuresPage>("/hr/disclosures?q=nobody");

        Assert.Empty(Rows(cut));
        Assert.Equal("No employee matches 'nobody'.", Text(cut.Find("[data-testid='employee-empty']")));
        Assert.Empty(cut.FindAll("[data-testid='employees-pager']"));
    }

    [Fact]
    public void Prepare_disclosure_is_a_link_to_this_page_with_the_employee()
    {
        var cut = RenderStaticPage<DisclosuresPage>("/hr/disclosures?q=alex");

        var prepare = Rows(cut)[0].QuerySelector("[data-testid='choose-employee']")!;
        Assert.Equal("a", prepare.LocalName);
        Assert.Equal("Prepare disclosure", Text(prepare));
        Assert.Equal("Prepare disclosure for Alex Morgan", prepare.GetAttribute("aria-label"));
        Assert.Equal("/hr/disclosures?q=alex&employee=A1#disclosure-form", prepare.GetAttribute("href"));
        Assert.Equal("disclosure-heading", prepare.GetAttribute("data-focus-after"));
    }

    [Fact]
    public void The_chosen_employee_gets_a_form_that_asks_the_endpoint_for_their_file_with_a_reason()
    {
        var cut = RenderStaticPage<DisclosuresPage>("/hr/disclosures?q=alex&employee=A1");

        var panel = cut.Find("[data-testid='disclosure-form']");
        Assert.Equal("disclosure-form", panel.Id);
        Assert.Equal("Disclosure for Alex Morgan (A1)", Text(panel.QuerySelector("h3#disclosure-heading")!));
        Assert.Equal("-1", panel.QuerySelector("h3")!.GetAttribute("tabindex"));
        var form = panel.QuerySelector("form")!;
        Assert.Equal("get", form.GetAttribute("method"));
        Assert.Equal("/hr/disclosures/A1.pdf", form.GetAttribute("action"));
        Assert.Null(form.GetAttribute("data-enhance"));
        Assert.Equal(["from", "to", "reason"], form.QuerySelectorAll("input[name]").Select(f => f.GetAttribute("name")));
        Assert.Equal("Records captured from", Text(cut.Find("label[for='disclosure-from']")));
        Assert.Equal("Records captured to", Text(cut.Find("label[for='disclosure-to']")));
        Assert.Equal("disclosure-from", cut.Find("#disclosure-to").GetAttribute("data-not-before"));
        Assert.Equal("The period ends before it starts.", cut.Find("#disclosure-to").GetAttribute("data-problem"));

        Assert.Equal("Why you download it", Text(cut.Find("label[for='disclosure-reason']")));
        var reason = cut.Find("#disclosure-reason");
        Assert.True(reason.HasAttribute("required"));
        Assert.Equal("500", reason.GetAttribute("maxlength"));
        Assert.Equal(".*\\S.*", reason.GetAttribute("pattern"));
        Assert.Equal(
            ["Art. 15 access request from the employee", "The employee asked for a copy before leaving", "Preparing the answer to the employee's complaint"],
            cut.FindAll($"datalist#{reason.GetAttribute("list")} option").Select(o => o.GetAttribute("value")));
        Assert.StartsWith("The employee reads this on their access page.", Text(cut.Find("#" + reason.GetAttribute("aria-describedby"))));

        Assert.Equal("Download disclosure (PDF)", Text(Assert.Single(form.QuerySelectorAll("button[type='submit']"))));
        Assert.Contains("Alex Morgan will see this download, with your reason, on their access page and in a notice.", Text(panel));
        // The search keeps the panel open; the chosen row says it is the one.
        Assert.Equal("A1", cut.Find("form[data-testid='employee-search-form'] input[type='hidden'][name='employee']").GetAttribute("value"));
        Assert.Equal("true", Rows(cut)[0].QuerySelector("[data-testid='choose-employee']")!.GetAttribute("aria-current"));
    }

    [Fact]
    public void Hr_never_sees_what_was_captured()
    {
        var cut = RenderStaticPage<DisclosuresPage>("/hr/disclosures?q=alex&employee=A1");

        Assert.NotEmpty(cut.FindAll("[data-testid='disclosure-form']"));
        Assert.DoesNotContain(Secret, cut.Markup);
    }

    [Theory]
    [InlineData("NOPE", "There is no employee 'NOPE'. Find them with the search above.")]
    [InlineData("A1\u0000", "The employee id cannot be used as written. It holds the control character U+0000, which is not text.")]
    public void An_employee_the_directory_does_not_hold_is_said_and_gets_no_form(string employee, string problem)
    {
        var cut = RenderStaticPage<DisclosuresPage>("/hr/disclosures?employee=" + Uri.EscapeDataString(employee));

        Assert.Equal(problem, cut.Find("[data-testid='disclosure-problem']").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid='disclosure-form']"));
        Assert.Equal(25, Rows(cut).Count);
    }

    [Fact]
    public void Values_the_address_gets_wrong_are_explained_and_ignored()
    {
        var cut = RenderStaticPage<DisclosuresPage>("/hr/disclosures?q=al%00ex&page=0&size=1000");

        Assert.Equal(
        [
            "\"page\" must be a page number like 2; \"0\" was ignored.",
            "\"size\" must be 25, 50 or 100 rows; \"1000\" was ignored.",
            "The search cannot be used as written and was ignored. It holds the control character U+0000, which is not text.",
        ], cut.FindAll("[data-testid='employee-problem']").Select(Text));
        Assert.Equal(25, Rows(cut).Count);
        Assert.Equal("Page 1 of 2", Text(cut.Find("[data-testid='employees-page']")));
    }

    [Fact]
    public void Renders_without_a_circuit_or_the_providers_a_circuit_brings()
    {
        var cut = RenderStaticPage<DisclosuresPage>("/hr/disclosures?employee=A1");

        Assert.Empty(cut.FindComponents<Interactive>());
        Assert.Empty(cut.FindAll("[data-interactive]"));
        Assert.Empty(cut.FindComponents<MudBlazor.MudPopoverProvider>());
    }

    private static IReadOnlyList<IElement> Rows(IRenderedComponent<DisclosuresPage> cut) =>
        cut.FindAll("[data-testid='employee-table'] tbody tr").Where(r => r.QuerySelector("td[data-label]") is not null).ToList();

    private static string Cell(IElement row, string label) =>
        Text(row.QuerySelector($"td[data-label='{label}']") ?? throw new InvalidOperationException($"No cell labelled {label}."));
}
