using Bunit;
using Transparency.Core.EventStore;
using Transparency.Core.Notices;
using Transparency.Core.Policies;
using Transparency.Testing;
using Transparency.Web.Components.Shared;

namespace Transparency.Web.Tests.Components;

/// <summary>E1 has two unread notices and one read; E2 has one unread; E3 has none.</summary>
public sealed class NoticeBellTests : SignedInEmployeeContext
{
    protected override async Task SeedAsync()
    {
        await using var db = await Store.Contexts.CreateDbContextAsync(Ct);
        var read = NoticeService.Create("E1", TestData.Now.AddDays(-3), NoticeKind.NewPurposeOrKind, "A new capture kind was registered.", "/register");
        read.ReadAt = TestData.Now.AddDays(-2);
        db.Notices.AddRange(
            read,
            NoticeService.Create("E1", TestData.Now.AddHours(-2), NoticeKind.FlagResolved, "The privacy officer upheld your flag.", "/my/records"),
            NoticeService.Create("E1", TestData.Now.AddMinutes(-5), NoticeKind.DisclosureDownloaded, "HR downloaded your disclosure.", "/my/access"),
            NoticeService.Create("E2", TestData.Now.AddMinutes(-1), NoticeKind.DisclosureDownloaded, "Notice for E2 only."));
        await db.SaveChangesAsync(Ct);
    }

    [Fact]
    public void Shows_the_unread_count_on_a_labelled_button()
    {
        SignInAs("E1");

        var cut = Render<NoticeBell>();

        cut.WaitForAssertion(() => Assert.Equal("Notices, 2 unread", Bell(cut).GetAttribute("aria-label")));
        Assert.Equal("2", cut.Find("[data-testid='notice-count']").TextContent.Trim());
        Assert.Equal("true", cut.Find("[data-testid='notice-count']").GetAttribute("aria-hidden"));
    }

    [Fact]
    public async Task Lists_recent_notices_newest_first_and_marks_all_read()
    {
        SignInAs("E1");
        var cut = Render<NoticeBell>();
        cut.WaitForAssertion(() => Assert.Equal("Notices, 2 unread", Bell(cut).GetAttribute("aria-label")));

        Bell(cut).Click();

        Popovers.WaitForAssertion(() => Assert.Equal(3, Popovers.FindAll("[data-notice]").Count));
        var notices = Popovers.FindAll("[data-notice]");
        Assert.Equal(
            ["New: HR downloaded your disclosure. 5 minutes ago", "New: The privacy officer upheld your flag. 2 hours ago", "A new capture kind was registered. 3 days ago"],
            notices.Select(Text));
        Assert.Equal(["/my/access", "/my/records", "/register"], notices.Select(n => n.GetAttribute("href")));
        Assert.DoesNotContain("Notice for E2 only.", Popovers.Markup);

        Popovers.Find("[data-testid='notice-mark-read']").Click();

        cut.WaitForAssertion(() => Assert.Equal("Notices, none unread", Bell(cut).GetAttribute("aria-label")));
        Assert.Empty(cut.FindAll("[data-testid='notice-count']"));
        Popovers.WaitForAssertion(() => Assert.All(Popovers.FindAll("[data-notice]"), n => Assert.Equal("true", n.GetAttribute("data-read"))));
        var service = new NoticeService(Store.Contexts, Clock);
        Assert.Equal(0, await service.UnreadCountAsync(new EmployeeId("E1"), Ct));
        Assert.Equal(1, await service.UnreadCountAsync(new EmployeeId("E2"), Ct));
    }

    [Fact]
    public void Without_notices_says_so()
    {
        SignInAs("E3");
        var cut = Render<NoticeBell>();
        cut.WaitForAssertion(() => Assert.Equal("Notices, none unread", Bell(cut).GetAttribute("aria-label")));

        Bell(cut).Click();

        Popovers.WaitForAssertion(() => Assert.Equal("No notices", Popovers.Find("[data-testid='notice-empty']").TextContent.Trim()));
    }

    private static AngleSharp.Dom.IElement Bell(IRenderedComponent<NoticeBell> cut) => cut.Find("[data-testid='notice-bell'] button");
}
