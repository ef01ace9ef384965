using Bunit;
using Transparency.Web.Components.Shared.Previews;

namespace Transparency.Web.Tests.Components.Previews;

public sealed class ClickPreviewTests : PreviewContext
{
    private IRenderedComponent<ClickPreview> Preview(string? json) => Render<ClickPreview>(p => p.Add(c => c.Json, json));

    [Fact]
    public void Shows_the_role_and_name_of_the_element_that_was_clicked()
    {
        var cut = Preview("""{"x":1200,"y":640,"button":"left","target":{"role":"button","name":"Send"}}""");

        Assert.Equal("button", Text(cut.Find("[data-testid='click-role']")));
        Assert.Equal("Send", Text(cut.Find("[data-testid='click-name']")));
        Assert.Contains("left", Text(cut.Find("dl")));
        Assert.Contains("1200, 640 px", Text(cut.Find("dl")));
        Assert.Equal("Click at (1200, 640) on button \"Send\".", cut.Find("svg").GetAttribute("aria-label"));
    }

    [Fact]
    public void Puts_a_dot_where_the_click_landed_on_the_screen()
    {
        var cut = Preview("""{"x":800,"y":250,"button":"left","target":{"role":"link","name":"Inbox"},"screen":{"w":1600,"h":1000}}""");

        var dot = cut.Find("svg [data-part='click']");
        Assert.Equal(("160", "50"), (dot.GetAttribute("cx"), dot.GetAttribute("cy")));
        Assert.Equal("320", cut.Find("svg [data-part='screen']").GetAttribute("width"));
        Assert.Empty(cut.FindAll("figcaption"));
    }

    [Fact]
    public void Without_a_screen_size_says_which_screen_the_dot_is_placed_on()
    {
        var cut = Preview("""{"x":960,"y":540,"button":"right","target":{"role":"menuitem","name":"Copy"}}""");

        var dot = cut.Find("svg [data-part='click']");
        Assert.Equal(("160", "90"), (dot.GetAttribute("cx"), dot.GetAttribute("cy")));
        Assert.Contains("did not record the screen size", Text(cut.Find("figcaption")));
        Assert.Contains("1920 × 1080", Text(cut.Find("figcaption")));
    }

    [Fact]
    public void A_click_without_a_recorded_target_still_shows_where_it_was()
    {
        var cut = Preview("""{"x":10,"y":20,"button":"left"}""");

        Assert.Equal("not recorded", Text(cut.Find("[data-testid='click-role']")));
        Assert.Equal("not recorded", Text(cut.Find("[data-testid='click-name']")));
        Assert.Single(cut.FindAll("svg [data-part='click']"));
    }

    [Theory]
    [MemberData(nameof(NotContent))]
    [InlineData("""{"x":"left","y":3}""")]
    [InlineData("""{"y":3,"target":{"role":"button","name":"Send"}}""")]
    [InlineData("""{"x":-5,"y":3}""")]
    [InlineData("""{"x":5,"y":3,"target":"Send"}""")]
    public void Content_it_cannot_read_says_so(string? json)
    {
        var cut = Preview(json);

        Assert.Equal(Unreadable, Text(cut.Find("[data-testid='preview-unavailable']")));
        Assert.Empty(cut.FindAll("svg [data-part]"));
    }
}
