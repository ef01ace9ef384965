using AngleSharp.Dom;
using Bunit;
using Transparency.Core.EventStore;
using Transparency.Core.Notices;
using Transparency.Testing;
using Transparency.Web.Components.Shared;

namespace Transparency.Web.Tests.Components;

/// <summary>
/// The bell as the layout renders it on the server: a button opening a native popover menu of the signed-in employee's
/// notices, and a form that marks them read (posted over HTTP: LayoutFormsTests).
/// E1 has two unread notices and one read; E2 has one unread; E3 has none.
/// </summary>
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
    public void Shows_the_unread_count_on_a_labelled_button_that_opens_the_menu()
    {
        SignInAs("E1");

        var cut = Render<NoticeBell>();

        var bell = Bell(cut);
        Assert.Equal("Notices, 2 unread", bell.GetAttribute("aria-label"));
        Assert.Equal("button", bell.GetAttribute("type"));
        Assert.Equal("menu", bell.GetAttribute("aria-haspopup"));
        // The button opens the menu by its id, with no script and no circuit.
        var menu = cut.Find($"#{bell.GetAttribute("popovertarget")}");
        Assert.True(menu.HasAttribute("popover"));
        Assert.Equal("menu", menu.GetAttribute("role"));
        Assert.Equal("Notices", menu.GetAttribute("aria-label"));
        Assert.Equal("2", cut.Find("[data-testid='notice-count']").TextContent.Trim());
        Assert.Equal("true", cut.Find("[data-testid='notice-count']").GetAttribute("aria-hidden"));
        Assert.Equal("2 unread", Text(cut.Find("[data-testid='notice-unread']")));
    }

    [Fact]
    public void Lists_the_employees_own_notices_newest_first_with_their_links_and_whether_read()
    {
        SignInAs("E1");

        var cut = Render<NoticeBell>();

        var notices = Menu(cut).QuerySelectorAll("a[role='menuitem'].notice-item[data-notice]");
        Assert.Equal(
            ["New: HR downloaded your disclosure. 5 minutes ago", "New: The privacy officer upheld your flag. 2 hours ago", "A new capture kind was registered. 3 days ago"],
            notices.Select(Text));
        Assert.Equal(["/my/access", "/my/records", "/register"], notices.Select(n => n.GetAttribute("href")));
        Assert.Equal(["false", "false", "true"], notices.Select(n => n.GetAttribute("data-read")));
        Assert.DoesNotContain("Notice for E2 only.", cut.Markup);
    }

    [Fact]
    public void Mark_all_as_read_is_a_form_with_the_antiforgery_token()
    {
        SignInAs("E1");

        var cut = Render<NoticeBell>();

        var form = Menu(cut).QuerySelector("form")!;
        Assert.Equal(("post", "/my/notices/read"), (form.GetAttribute("method"), form.GetAttribute("action")));
        var button = form.QuerySelector("button[type='submit']")!;
        Assert.Equal("Mark all as read", Text(button));
        Assert.False(button.HasAttribute("disabled"));
    }

    [Fact]
    public async Task A_link_that_leaves_the_app_is_not_followed()
    {
        await using (var db = await Store.Contexts.CreateDbContextAsync(Ct))
        {
            db.Notices.AddRange(
                NoticeService.Create("E3", TestData.Now.AddMinutes(-1), NoticeKind.FlagResolved, "Elsewhere.", "https://evil.example/"),
                NoticeService.Create("E3", TestData.Now.AddMinutes(-2), NoticeKind.FlagResolved, "Protocol-relative.", "//evil.example/"));
            await db.SaveChangesAsync(Ct);
        }
        SignInAs("E3");

        var cut = Render<NoticeBell>();

        var notices = Menu(cut).QuerySelectorAll("[data-notice]");
        Assert.Equal(["New: Elsewhere. 1 minute ago", "New: Protocol-relative. 2 minutes ago"], notices.Select(Text));
        Assert.All(notices, n => Assert.False(n.HasAttribute("href")));
        Assert.DoesNotContain("evil.example", cut.Markup);
    }

    [Fact]
    public void Without_notices_says_so_and_has_nothing_to_mark_read()
    {
        SignInAs("E3");

        var cut = Render<NoticeBell>();

        Assert.Equal("Notices, none unread", Bell(cut).GetAttribute("aria-label"));
        Assert.Equal("No notices", Text(Menu(cut).QuerySelector("[data-testid='notice-empty']")!));
        Assert.Equal("All read", Text(cut.Find("[data-testid='notice-unread']")));
        Assert.Empty(cut.FindAll("[data-notice]"));
        Assert.Empty(cut.FindAll("[data-testid='notice-count']"));
        var markRead = Menu(cut).QuerySelector("form[action='/my/notices/read'] button[type='submit']")!;
        Assert.Equal("Mark all as read", Text(markRead));
        Assert.True(markRead.HasAttribute("disabled"));
    }

    private static IElement Bell(IRenderedComponent<NoticeBell> cut) => cut.Find("[data-testid='notice-bell'] button[popovertarget]");

    private static IElement Menu(IRenderedComponent<NoticeBell> cut) => cut.Find("[role='menu'][popover]");
}
