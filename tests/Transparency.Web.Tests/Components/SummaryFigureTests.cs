using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Transparency.Web.Components.Shared;

namespace Transparency.Web.Tests.Components;

public sealed class SummaryFigureTests : BunitContext
{
    public SummaryFigureTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(7, "7")]
    [InlineData(1234567, "1,234,567")]
    public void Shows_its_label_and_the_number_with_thousands_separators(int value, string shown)
    {
        var cut = Render<SummaryFigure>(p => p
            .Add(f => f.Label, "Withheld from training")
            .Add(f => f.Value, value)
            .Add(f => f.Icon, Icons.Material.Filled.Block)
            .Add(f => f.TestId, "withheld"));

        var figure = cut.Find("[data-testid='figure-withheld']");
        var lines = figure.QuerySelectorAll("p").Select(p => p.TextContent.Trim()).ToList();
        Assert.Equal([shown, "Withheld from training"], lines);
        Assert.Equal(value.ToString(System.Globalization.CultureInfo.InvariantCulture), figure.QuerySelector("p")?.GetAttribute("data-value"));
    }

    [Fact]
    public void Icon_is_hidden_from_screen_readers()
    {
        var cut = Render<SummaryFigure>(p => p
            .Add(f => f.Label, "Records captured")
            .Add(f => f.Value, 3)
            .Add(f => f.Icon, Icons.Material.Filled.Inventory2)
            .Add(f => f.TestId, "records"));

        var icon = cut.Find("svg");
        Assert.Equal("true", icon.GetAttribute("aria-hidden"));
    }
}
