using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Transparency.Web.Components.Shared;

namespace Transparency.Web.Tests.Components.Shared;

/// <summary>
/// Each piece of MudBlazor markup the app writes by hand against the MudBlazor component it copies, rendered with the same
/// parameters: a MudBlazor upgrade that changes a component's HTML fails here (ADR 0005), not as a page that looks wrong.
/// </summary>
public sealed class MudMarkupTests : BunitContext
{
    public MudMarkupTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Render<MudPopoverProvider>();
    }

    [Theory]
    [InlineData(Size.Small)]
    [InlineData(Size.Medium)]
    public void Icon_is_a_MudIcon(Size size) => AssertSame(
        Render<MudIcon>(p => p.Add(c => c.Icon, Icons.Material.Filled.Keyboard).Add(c => c.Size, size)).Markup,
        MudMarkup.Icon(Icons.Material.Filled.Keyboard, size).Value);

    [Theory]
    [InlineData(Typo.body2, "p", false, null)]
    [InlineData(Typo.body1, "p", false, "mb-4")]
    [InlineData(Typo.h4, "h1", true, null)]
    [InlineData(Typo.h6, "span", false, null)]
    [InlineData(Typo.overline, "div", false, "px-4 pt-2")]
    [InlineData(Typo.caption, "div", false, null)]
    public void Text_is_a_MudText(Typo typo, string tag, bool gutterBottom, string? @class) => AssertSame(
        Render<MudText>(p => p.Add(c => c.Typo, typo).Add(c => c.HtmlTag, tag).Add(c => c.GutterBottom, gutterBottom).Add(c => c.Class, @class)
            .AddChildContent(Text("Grüße <b> & \"quoted\""))).Markup,
        MudMarkup.Text(typo, "Grüße <b> & \"quoted\"", tag, gutterBottom, @class).Value);

    [Fact]
    public void Link_is_a_MudLink() => AssertSame(
        Render<MudLink>(p => p.Add(c => c.Href, "/my/records/0196?back=%2Fmy%2Frecords%3Fkind%3Dclick&x=1").Add(c => c.Typo, Typo.body2)
            .AddChildContent(Text("Clicked button 'Send' <in> Outlook"))).Markup,
        MudMarkup.Link("/my/records/0196?back=%2Fmy%2Frecords%3Fkind%3Dclick&x=1", "Clicked button 'Send' <in> Outlook", Typo.body2).Value);

    [Fact]
    public void Link_classes_are_a_MudLinks() => AssertSame(
        Render<MudLink>(p => p.Add(c => c.Href, "/").Add(c => c.Color, Color.Inherit).Add(c => c.Underline, Underline.None)
            .Add(c => c.Class, "d-flex gap-2").AddChildContent(Text("Transparency"))).Markup,
        Render(b =>
        {
            b.OpenElement(0, "a");
            b.AddAttribute(1, "href", "/");
            b.AddAttribute(2, "class", MudMarkup.LinkClass(color: Color.Inherit, underline: Underline.None, @class: "d-flex gap-2"));
            b.AddContent(3, "Transparency");
            b.CloseElement();
        }).Markup);

    [Theory]
    [InlineData(Color.Primary, true)]
    [InlineData(Color.Default, false)]
    [InlineData(Color.Warning, true)]
    public void Chip_is_a_MudChip(Color color, bool withIcon)
    {
        var icon = withIcon ? Icons.Material.Filled.Flag : null;
        AssertSame(
            Render<MudChip<string>>(p => p.Add(c => c.Variant, Variant.Outlined).Add(c => c.Size, Size.Small).Add(c => c.Color, color)
                .Add(c => c.Icon, icon).Add(c => c.Text, "1,204 used for training & more")
                .AddUnmatched("data-status", "eligible").AddUnmatched("title", "Why: \"it feeds training\"")).Markup,
            MudMarkup.Chip("1,204 used for training & more", color, icon, attributes: [("data-status", "eligible"), ("title", "Why: \"it feeds training\"")]).Value);
    }

    [Theory]
    [InlineData(Variant.Outlined, Color.Secondary, Size.Medium, Icons.Material.Filled.Block, null, false)]
    [InlineData(Variant.Text, Color.Default, Size.Small, null, null, false)]
    [InlineData(Variant.Outlined, Color.Default, Size.Medium, null, Icons.Material.Filled.ChevronRight, true)]
    [InlineData(Variant.Outlined, Color.Error, Size.Medium, Icons.Material.Filled.DeleteForever, null, true)]
    public void Button_is_a_MudButton(Variant variant, Color color, Size size, string? startIcon, string? endIcon, bool disabled) => AssertSame(
        Render<MudButton>(p => p.Add(c => c.Variant, variant).Add(c => c.Color, color).Add(c => c.Size, size).Add(c => c.StartIcon, startIcon)
            .Add(c => c.EndIcon, endIcon).Add(c => c.Disabled, disabled).Add(c => c.OnClick, () => { })
            .AddUnmatched("data-testid", "act").AddChildContent(Text("Withhold <all>"))).Markup,
        Render(MudMarkup.Button("Withhold <all>", EventCallback.Factory.Create(this, () => { }), variant, color, size, startIcon, endIcon, disabled,
            testId: "act")).Markup);

    [Fact]
    public void Submit_button_with_its_text_in_a_span_is_a_MudButton() => AssertSame(
        Render<MudButton>(p => p.Add(c => c.Color, Color.Inherit).Add(c => c.StartIcon, Icons.Material.Filled.Logout)
            .Add(c => c.ButtonType, ButtonType.Submit).AddUnmatched("aria-label", "Sign out")
            .AddChildContent("<span class=\"d-none d-sm-inline\">Sign out</span>")).Markup,
        Render(MudMarkup.Button("Sign out", color: Color.Inherit, startIcon: Icons.Material.Filled.Logout, type: ButtonType.Submit,
            ariaLabel: "Sign out", textClass: "d-none d-sm-inline")).Markup);

    [Fact]
    public void Link_button_is_a_MudButton_with_an_href() => AssertSame(
        Render<MudButton>(p => p.Add(c => c.Href, "/sign-in").Add(c => c.Color, Color.Inherit).Add(c => c.StartIcon, Icons.Material.Filled.Login)
            .AddChildContent(Text("Sign in"))).Markup,
        MudMarkup.LinkButton("/sign-in", "Sign in", color: Color.Inherit, startIcon: Icons.Material.Filled.Login).Value);

    [Theory]
    [InlineData(Edge.Start)]
    [InlineData(Edge.False)]
    public void Icon_button_is_a_MudIconButton(Edge edge) => AssertSame(
        Render<MudIconButton>(p => p.Add(c => c.Icon, Icons.Material.Filled.Menu).Add(c => c.Color, Color.Inherit).Add(c => c.Edge, edge)
            .Add(c => c.OnClick, () => { }).AddUnmatched("aria-label", "Open or close the menu")).Markup,
        Render(MudMarkup.IconButton(Icons.Material.Filled.Menu, "Open or close the menu", EventCallback.Factory.Create(this, () => { }),
            Color.Inherit, edge)).Markup);

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public void Check_box_is_a_dense_MudCheckBox(bool @checked, bool disabled) => AssertSame(
        Render<MudCheckBox<bool>>(p => p.Add(c => c.Value, @checked).Add(c => c.Dense, true).Add(c => c.Disabled, disabled)
            .AddUnmatched("aria-label", "Select Click at 09:14:03")).Markup,
        Render(MudMarkup.CheckBox(@checked, "Select Click at 09:14:03", EventCallback.Factory.Create<ChangeEventArgs>(this, _ => { }),
            EventCallback.Factory.Create<KeyboardEventArgs>(this, _ => { }), disabled)).Markup);

    [Theory]
    [InlineData("/")]
    [InlineData("/register")]
    public void Nav_link_is_a_MudNavLink_active_on_its_page(string current)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(current);

        var mud = Render<MudNavLink>(p => p.Add(c => c.Href, "/register").Add(c => c.Icon, Icons.Material.Filled.MenuBook)
            .AddChildContent(Text("Processing register"))).Markup;
        var hand = Render(MudMarkup.NavLink("/register", "Processing register", Icons.Material.Filled.MenuBook)).Markup;

        AssertSame(mud, hand);
        Assert.Equal(current == "/register", hand.Contains("active", StringComparison.Ordinal));
    }

    // Text, not markup, as a page passes its words to a component.
    private static RenderFragment Text(string text) => b => b.AddContent(0, text);

    /// <summary>
    /// Equal as HTML: attributes in any order, classes in any order, whitespace between elements ignored; not compared are
    /// what bUnit adds (<c>blazor:</c> event and element references), the ids MudBlazor makes up per instance, and empty
    /// <c>style</c> and <c>rel</c> attributes. Everything else, names, values, text and nesting, must be the same.
    /// </summary>
    private static void AssertSame(string component, string handWritten)
    {
        var expected = Normalised(component);
        var actual = Normalised(handWritten);
        Assert.True(expected == actual, $"MudBlazor: {expected}\nby hand:   {actual}");
    }

    private static string Normalised(string html)
    {
        var document = new HtmlParser().ParseDocument($"<!DOCTYPE html><html><body>{html}</body></html>");
        var output = new StringBuilder();
        foreach (var node in document.Body!.ChildNodes)
            Write(node, output);
        return output.ToString();
    }

    private static void Write(INode node, StringBuilder output)
    {
        switch (node)
        {
            case IElement element:
                output.Append('<').Append(element.LocalName);
                foreach (var (name, value) in element.Attributes
                             .Where(a => !Ignored(a.Name, a.Value))
                             .Select(a => (a.Name, Value: a.Name == "class" ? string.Join(' ', a.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)) : a.Value))
                             .OrderBy(a => a.Name, StringComparer.Ordinal))
                    output.Append(' ').Append(name).Append("=\"").Append(value).Append('"');
                output.Append('>');
                foreach (var child in element.ChildNodes)
                    Write(child, output);
                output.Append("</").Append(element.LocalName).Append('>');
                break;
            case IText text when !string.IsNullOrWhiteSpace(text.Data):
                output.Append(string.Join(' ', text.Data.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
                break;
        }
    }

    private static bool Ignored(string name, string value) =>
        name.StartsWith("blazor:", StringComparison.Ordinal) || name == "id" || (name is "style" or "rel" && value.Length == 0);
}
