using System.Globalization;
using Bunit;
using Transparency.Web.Components.Shared.Previews;

namespace Transparency.Web.Tests.Components.Previews;

public sealed class PointerTrajectoryPreviewTests : PreviewContext
{
    private IRenderedComponent<PointerTrajectoryPreview> Preview(string? json) =>
        Render<PointerTrajectoryPreview>(p => p.Add(c => c.Json, json));

    [Fact]
    public void Draws_every_point_scaled_into_the_screen_outline()
    {
        // 1600 × 1000 fits the 320 × 240 outline at a fifth of its size.
        var cut = Preview("""{"points":[[0,0,0],[800,500,120],[1600,1000,250],[400,250,1300]],"screen":{"w":1600,"h":1000}}""");

        var screen = cut.Find("svg rect[data-part='screen']");
        Assert.Equal("320", screen.GetAttribute("width"));
        Assert.Equal("200", screen.GetAttribute("height"));
        Assert.Equal("0 0 320 200", cut.Find("svg").GetAttribute("viewBox"));
        var points = Points(cut.Find("svg polyline"));
        Assert.Equal([(0, 0), (160, 100), (320, 200), (80, 50)], points);
        Assert.All(points, p => Assert.InRange(p.X, 0, 320));
        Assert.All(points, p => Assert.InRange(p.Y, 0, 200));
    }

    [Fact]
    public void Marks_where_the_movement_started_and_ended()
    {
        var cut = Preview("""{"points":[[100,100,0],[200,150,40],[1500,900,90]],"screen":{"w":1600,"h":1000}}""");

        var start = cut.Find("svg [data-part='start']");
        Assert.Equal(("20", "20"), (start.GetAttribute("cx"), start.GetAttribute("cy")));
        var end = cut.Find("svg [data-part='end']");
        // An 8-unit square centred on (300, 180).
        Assert.Equal(("296", "176"), (end.GetAttribute("x"), end.GetAttribute("y")));
    }

    [Fact]
    public void Says_in_words_what_the_path_shows()
    {
        var cut = Preview("""{"points":[[12,40,0],[300,200,350],[960,540,1350]],"screen":{"w":1920,"h":1080}}""");

        const string said = "Pointer path of 3 points over 1.4 s, from (12, 40) to (960, 540) on a 1920 × 1080 screen.";
        Assert.Equal(said, cut.Find("svg").GetAttribute("aria-label"));
        Assert.Equal("img", cut.Find("svg").GetAttribute("role"));
        Assert.Contains(said, Text(cut.Find("figcaption")));
    }

    [Fact]
    public void Points_off_the_screen_are_drawn_at_its_edge()
    {
        var cut = Preview("""{"points":[[-300,500,0],[1000,5000,20]],"screen":{"w":1600,"h":1000}}""");

        Assert.Equal([(0, 100), (200, 200)], Points(cut.Find("svg polyline")));
    }

    [Theory]
    [MemberData(nameof(NotContent))]
    [InlineData("""{"points":[],"screen":{"w":1920,"h":1080}}""")]
    [InlineData("""{"points":[[1,2,0]]}""")]
    [InlineData("""{"points":[[1,2,0]],"screen":{"w":0,"h":1080}}""")]
    [InlineData("""{"points":[[1],[2,3]],"screen":{"w":1920,"h":1080}}""")]
    [InlineData("""{"points":[["a","b",0]],"screen":{"w":1920,"h":1080}}""")]
    [InlineData("""{"points":"all over the place","screen":{"w":1920,"h":1080}}""")]
    [InlineData("""{"text":"hello"}""")]
    public void Content_it_cannot_read_says_so_instead_of_drawing(string? json)
    {
        var cut = Preview(json);

        Assert.Equal(Unreadable, Text(cut.Find("[data-testid='preview-unavailable']")));
        Assert.Empty(cut.FindAll("svg polyline"));
    }

    private static List<(double X, double Y)> Points(AngleSharp.Dom.IElement polyline) =>
        polyline.GetAttribute("points")!.Split(' ')
            .Select(p => p.Split(','))
            .Select(xy => (double.Parse(xy[0], CultureInfo.InvariantCulture), double.Parse(xy[1], CultureInfo.InvariantCulture)))
            .ToList();
}
