using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Transparency.Core.Employees;
using Transparency.Core.Records;
using Transparency.Web.Auth;
using Transparency.Web.Components.Pages;
using Transparency.Web.Components.Shared;

namespace Transparency.Web.Tests.Components;

/// <summary>
/// A sign-in that opens nothing says why: an account linked to no employee, or one without any app role, is told so
/// on the home page and on a denied page, instead of a welcome as if all were well.
/// </summary>
public sealed class AccountNoticeTests : SignedInEmployeeContext
{
    [Fact]
    public void An_account_linked_to_no_employee_is_told_so_on_the_home_page()
    {
        SignIn("Pat Doe", AccountStatus.NotLinked, "Employee");

        var cut = Render<Home>();

        var text = cut.Find("[data-testid='account-not-linked']").TextContent;
        Assert.Contains("Your account is not linked to an employee record", text);
        Assert.Contains("You signed in as Pat Doe", text);
        Assert.Empty(cut.FindAll("[data-testid='account-no-role']"));
        Assert.DoesNotContain("Welcome", cut.Markup);
    }

    [Fact]
    public void An_account_without_a_role_is_told_so_on_the_home_page()
    {
        SignIn("Employee E1", AccountStatus.Linked);

        var cut = Render<Home>();

        Assert.Contains("Your account has no role in Transparency", cut.Find("[data-testid='account-no-role']").TextContent);
        Assert.Empty(cut.FindAll("[data-testid='account-not-linked']"));
        Assert.DoesNotContain("Welcome", cut.Markup);
    }

    [Fact]
    public void A_works_council_member_who_is_no_employee_here_gets_the_welcome()
    {
        SignIn("Council Member", AccountStatus.Linked, "WorksCouncil");

        var cut = Render<Home>();

        Assert.Contains("Welcome", cut.Find("h1").TextContent);
        Assert.Empty(cut.FindAll("[data-testid='account-not-linked'], [data-testid='account-no-role']"));
    }

    [Fact]
    public void A_denied_page_explains_an_unlinked_account_instead_of_blaming_the_role()
    {
        SignIn("Pat Doe", AccountStatus.NotLinked, "Employee");

        var cut = Render<AccessDeniedNotice>();

        Assert.Contains("Your account is not linked to an employee record", cut.Markup);
        Assert.DoesNotContain("Not available to your role", cut.Markup);
    }

    private void SignIn(string name, AccountStatus status, params string[] roles)
    {
        Services.AddSingleton<RecordSummaryService>();
        var auth = AddAuthorization();
        auth.SetAuthorized(name);
        auth.SetRoles(roles);
        auth.SetClaims([new Claim(AppClaims.Status, status.ToString()), .. roles.Select(r => new Claim(AppClaims.Role, r))]);
    }
}
