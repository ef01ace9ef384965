using System.Globalization;
using Bunit;
using Transparency.Web.Components.Shared.Previews;

namespace Transparency.Web.Tests.Components.Previews;

public sealed class AppFocusPreviewTests : PreviewContext
{
    private static readonly DateTime CapturedAt = new(2026, 11, 20, 10, 30, 0, DateTimeKind.Utc);

    private IRenderedComponent<AppFocusPreview> Preview(string? json, TimeZoneInfo? zone = null) =>
        Render<AppFocusPreview>(p =>
        {
            p.Add(c => c.Json, json).Add(c => c.CapturedAt, CapturedAt);
            if (zone is not null)
                p.Add(c => c.Zone, zone);
        });

    [Fact]
    public void Shows_the_window_title_and_the_focus_interval_on_a_time_bar()
    {
        var cut = Preview("""{"durationMs":900000,"windowTitle":"Q4 forecast.xlsx - Excel"}""");

        Assert.Equal("Q4 forecast.xlsx - Excel", Text(cut.Find("[data-testid='window-title']")));
        // 10:30 to 10:45 on a 10:00–11:00 axis 600 units wide.
        var interval = cut.Find("[data-testid='focus-bar'] [data-part='interval']");
        Assert.Equal(300, Number(interval.GetAttribute("x")));
        Assert.Equal(150, Number(interval.GetAttribute("width")));
        Assert.Equal(["10:00", "11:00"], cut.FindAll("[data-testid='focus-bar'] [data-part='tick']").Select(t => t.TextContent));
        Assert.Equal("Focused for 15 min, from 10:30:00 to 10:45:00 (UTC).", Text(cut.Find("[data-testid='focus-interval']")));
    }

    [Fact]
    public void Times_are_shown_in_the_readers_time_zone()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

        var cut = Preview("""{"durationMs":75000,"windowTitle":"Inbox"}""", berlin);

        Assert.Equal("Focused for 1 min 15 s, from 11:30:00 to 11:31:15 (Europe/Berlin).", Text(cut.Find("[data-testid='focus-interval']")));
        Assert.Equal(["11:00", "12:00"], cut.FindAll("[data-testid='focus-bar'] [data-part='tick']").Select(t => t.TextContent));
    }

    [Fact]
    public void A_focus_of_seconds_is_still_visible_and_a_long_one_widens_the_axis()
    {
        var brief = Preview("""{"durationMs":1500,"windowTitle":"Inbox"}""");
        Assert.Equal(2, Number(brief.Find("[data-part='interval']").GetAttribute("width")));

        var long_ = Preview("""{"durationMs":9000000,"windowTitle":"Inbox"}""");
        // 2 h 30 min from 10:30 ends at 13:00: a 10:00–13:00 axis.
        Assert.Equal(["10:00", "11:00", "12:00", "13:00"], long_.FindAll("[data-testid='focus-bar'] [data-part='tick']").Select(t => t.TextContent));
        Assert.Equal(100, Number(long_.Find("[data-part='interval']").GetAttribute("x")));
        Assert.Equal(500, Number(long_.Find("[data-part='interval']").GetAttribute("width")));
    }

    [Fact]
    public void A_focus_over_days_is_labelled_by_day_with_few_enough_labels_for_a_phone()
    {
        var cut = Preview("""{"durationMs":259200000,"windowTitle":"Build server"}""");

        Assert.Equal(["20 Nov", "21 Nov", "22 Nov", "23 Nov", "24 Nov"], cut.FindAll("[data-part='tick']").Select(t => t.TextContent));
        Assert.Equal("Focused for 3 days, from 10:30:00 to 23 Nov 10:30:00 (UTC).", Text(cut.Find("[data-testid='focus-interval']")));
    }

    [Fact]
    public void A_missing_window_title_is_said_so()
    {
        var cut = Preview("""{"durationMs":60000}""");

        Assert.Equal("No window title was recorded.", Text(cut.Find("[data-testid='window-title']")));
        Assert.Single(cut.FindAll("[data-part='interval']"));
    }

    [Theory]
    [MemberData(nameof(NotContent))]
    [InlineData("""{"windowTitle":"Inbox"}""")]
    [InlineData("""{"durationMs":-5,"windowTitle":"Inbox"}""")]
    [InlineData("""{"durationMs":"long","windowTitle":"Inbox"}""")]
    [InlineData("""{"durationMs":99999999999999999,"windowTitle":"Inbox"}""")]
    public void Content_it_cannot_read_says_so(string? json)
    {
        var cut = Preview(json);

        Assert.Equal(Unreadable, Text(cut.Find("[data-testid='preview-unavailable']")));
        Assert.Empty(cut.FindAll("svg [data-part]"));
    }

    private static double Number(string? text) => double.Parse(text!, CultureInfo.InvariantCulture);
}
