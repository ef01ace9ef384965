using System.Net;
using Microsoft.EntityFrameworkCore;
using Transparency.Core.Decisions;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Web.Tests.Hosting;

namespace Transparency.Web.Tests.Api;

/// <summary>
/// The privacy officer's pages through the real app, signed in as the officer (E00006): what the prerendered HTML a browser
/// gets first says, and that it reads and logs nothing of an employee's data.
/// </summary>
public sealed class ReviewPagesHttpTests(TransparencyAppFactory app) : IClassFixture<TransparencyAppFactory>
{
    private const string PrivacyOfficer = "E00006";
    private const string Note = "Shows a private message from my partner.";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_prerendered_flag_page_answers_with_its_heading_and_neither_reads_nor_logs_the_flag()
    {
        var flagId = await RaiseFlagAsync("E00001");
        var client = await app.ClientForAsync(PrivacyOfficer);

        using var response = await client.GetAsync($"/review/flags/E00001/{flagId}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await TransparencyAppFactory.ParseAsync(response, Ct);
        Assert.Equal("Flag", Assert.Single(page.QuerySelectorAll("main h1")).TextContent.Trim());
        Assert.NotNull(page.QuerySelector("main [aria-label='Loading the flag']"));
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain(Note, html);
        Assert.DoesNotContain("hello", html);
        await using var db = await app.Store.Contexts.CreateDbContextAsync(Ct);
        Assert.False(await db.AccessLog.AnyAsync(a => a.Channel == AccessChannel.PrivacyOfficerReview, Ct));
        Assert.False(await db.AccessLog.AnyAsync(a => a.EmployeeId == "E00001", Ct));
    }

    [Fact]
    public async Task An_unknown_capture_kind_in_the_queue_address_is_answered_with_the_problem_not_an_error()
    {
        var client = await app.ClientForAsync(PrivacyOfficer);

        using var response = await client.GetAsync("/review?kind=Nonsense", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await TransparencyAppFactory.ParseAsync(response, Ct);
        Assert.Equal("Flag review", Assert.Single(page.QuerySelectorAll("main h1")).TextContent.Trim());
        var problem = page.QuerySelector("[data-testid='filter-problem']");
        Assert.NotNull(problem);
        Assert.Contains("There is no capture kind 'Nonsense'.", problem.TextContent);
        Assert.Null(page.QuerySelector("[data-testid='flag-table']"));
    }

    /// <summary>The employee flags one of their records through their own act; the open flag's id.</summary>
    private async Task<Guid> RaiseFlagAsync(string employeeId)
    {
        await using var db = await app.Store.Contexts.CreateDbContextAsync(Ct);
        var record = await db.CaptureRecords.AsNoTracking().Where(r => r.EmployeeId == employeeId).OrderBy(r => r.CapturedAt).FirstAsync(Ct);
        var act = await new DecisionService(app.Store.Contexts, TimeProvider.System, app.Store.Erasure)
            .FlagAsync(new EmployeeId(employeeId), ActTarget.One(record.Id), FlagCategory.PrivateContent, Note, Ct);
        var flag = await db.Flags.AsNoTracking().SingleAsync(f => f.DecisionId == act.DecisionId, Ct);
        Assert.Equal(FlagReviewState.Open, flag.ReviewState);
        return flag.Id;
    }
}
