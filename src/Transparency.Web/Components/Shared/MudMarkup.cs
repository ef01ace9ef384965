using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace Transparency.Web.Components.Shared;

/// <summary>
/// The HTML MudBlazor's components render, for the pieces the app writes without the component: a list row, the menu and
/// the app bar are on every page of every circuit, and each component there is kept alive with its render trees for as
/// long as the page is open (docs/decisions/0005-hand-written-mudblazor-markup.md). The markup is MudBlazor's, so it looks
/// and behaves as the component does with MudBlazor's stylesheet; MudMarkupTests render each component with the same
/// parameters and compare, so an upgrade that changes a component's markup fails there rather than on screen.
/// </summary>
/// <remarks>
/// Static pieces are one <see cref="MarkupString"/> (one render frame, shareable between rows); pieces with events are a
/// <see cref="RenderFragment"/> whose handlers belong to the component that renders it.
/// </remarks>
public static class MudMarkup
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    /// <summary>MudIcon: an SVG icon (one of MudBlazor's <see cref="Icons"/> paths) in the default colour.</summary>
    public static MarkupString Icon(string svg, Size size = Size.Medium, string? @class = null) =>
        new(IconSvg(svg, $"mud-icon-root mud-svg-icon mud-icon-size-{Css(size)}{Extra(@class)}"));

    /// <summary>MudText: <paramref name="text"/> in a typography, in <paramref name="tag"/> (MudText's HtmlTag).</summary>
    public static MarkupString Text(Typo typo, string text, string tag = "p", bool gutterBottom = false, string? @class = null) =>
        new($"<{tag} class=\"{TextClass(typo, gutterBottom, @class)}\">{Html.Encode(text)}</{tag}>");

    /// <summary>The classes MudText gives its element.</summary>
    public static string TextClass(Typo typo, bool gutterBottom = false, string? @class = null) =>
        $"mud-typography mud-typography-{Css(typo)}{(gutterBottom ? " mud-typography-gutterbottom" : "")}{Extra(@class)}";

    /// <summary>MudLink: a link to <paramref name="href"/> with <paramref name="text"/>.</summary>
    public static MarkupString Link(string href, string text, Typo? typo = null, Color color = Color.Primary, Underline underline = Underline.Hover) =>
        new($"<a href=\"{Html.Encode(href)}\" class=\"{LinkClass(typo, color, underline)}\">{Html.Encode(text)}</a>");

    /// <summary>The classes MudLink gives its anchor, for a link whose content is more than text.</summary>
    public static string LinkClass(Typo? typo = null, Color color = Color.Primary, Underline underline = Underline.Hover, string? @class = null) =>
        $"mud-typography mud-link mud-{Css(color)}-text mud-link-underline-{Css(underline)}{(typo is { } t ? $" mud-typography-{Css(t)}" : "")}{Extra(@class)}";

    /// <summary>
    /// MudChip (outlined, small unless told): <paramref name="text"/> with an optional icon; <paramref name="attributes"/>
    /// go on the chip itself, as MudChip passes its unmatched attributes on.
    /// </summary>
    public static MarkupString Chip(string text, Color color, string? icon = null, Variant variant = Variant.Outlined, Size size = Size.Small,
        params IEnumerable<(string Name, string Value)> attributes)
    {
        var html = new StringBuilder("<div class=\"mud-chip-container\"><div class=\"mud-chip mud-chip-")
            .Append(Css(variant)).Append(" mud-chip-size-").Append(Css(size)).Append(" mud-chip-color-").Append(Css(color))
            .Append("\" tabindex=\"-1\"");
        foreach (var (name, value) in attributes)
            html.Append(' ').Append(name).Append("=\"").Append(Html.Encode(value)).Append('"');
        html.Append('>');
        if (icon is not null)
            html.Append(IconSvg(icon, $"mud-icon-root mud-svg-icon mud-icon-size-{Css(size)} mud-chip-icon"));
        return new(html.Append("<span class=\"mud-chip-content\">").Append(Html.Encode(text)).Append("</span></div></div>").ToString());
    }

    /// <summary>
    /// MudButton: a button with <paramref name="text"/> and optional icons before and after it. Without
    /// <paramref name="onClick"/> it is a plain button of its form (<paramref name="type"/> submit, say).
    /// </summary>
    public static RenderFragment Button(string text, EventCallback onClick = default, Variant variant = Variant.Text, Color color = Color.Default,
        Size size = Size.Medium, string? startIcon = null, string? endIcon = null, bool disabled = false, ButtonType type = ButtonType.Button,
        string? ariaLabel = null, string? testId = null, string? textClass = null) => builder =>
    {
        builder.OpenElement(0, "button");
        builder.AddAttribute(1, "type", Css(type));
        builder.AddAttribute(2, "class", ButtonClass(variant, color, size));
        builder.AddAttribute(3, "disabled", disabled);
        builder.AddAttribute(4, "aria-label", ariaLabel);
        builder.AddAttribute(5, "data-testid", testId);
        if (onClick.HasDelegate)
        {
            builder.AddAttribute(6, "onclick", onClick);
            builder.AddEventStopPropagationAttribute(7, "onclick", true);
        }
        builder.AddContent(8, ButtonLabel(text, startIcon, endIcon, textClass));
        builder.CloseElement();
    };

    /// <summary>MudButton with an <c>Href</c>: the same button drawn as a link (with MudButton's <c>type</c>, which a link ignores).</summary>
    public static MarkupString LinkButton(string href, string text, Variant variant = Variant.Text, Color color = Color.Default,
        Size size = Size.Medium, string? startIcon = null) =>
        new($"<a class=\"{ButtonClass(variant, color, size)}\" type=\"button\" href=\"{Html.Encode(href)}\">{ButtonLabel(text, startIcon, null, null)}</a>");

    /// <summary>The classes MudButton gives its element.</summary>
    public static string ButtonClass(Variant variant, Color color, Size size)
    {
        var v = Css(variant);
        return $"mud-button-root mud-button mud-button-{v} mud-button-{v}-{Css(color)} mud-button-{v}-size-{Css(size)} mud-ripple";
    }

    /// <summary>
    /// MudButton's label: icons (always medium, as MudButton draws them) around the text; with <paramref name="textClass"/>
    /// the text is a span of its own (to hide it on a narrow screen, say).
    /// </summary>
    private static MarkupString ButtonLabel(string text, string? startIcon, string? endIcon, string? textClass)
    {
        var label = textClass is null ? Html.Encode(text) : $"<span class=\"{textClass}\">{Html.Encode(text)}</span>";
        return new($"<span class=\"mud-button-label\">{ButtonIcon(startIcon, "start")}{label}{ButtonIcon(endIcon, "end")}</span>");
    }

    private static string ButtonIcon(string? icon, string side) => icon is null
        ? ""
        : $"<span class=\"mud-button-icon-{side} mud-button-icon-size-medium\">{IconSvg(icon, "mud-icon-root mud-svg-icon mud-icon-size-medium")}</span>";

    /// <summary>MudIconButton: an icon that is a button, named by <paramref name="ariaLabel"/> (it has no text).</summary>
    public static RenderFragment IconButton(string icon, string ariaLabel, EventCallback onClick, Color color = Color.Default, Edge edge = Edge.False) =>
        builder =>
        {
            builder.OpenElement(0, "button");
            builder.AddAttribute(1, "type", "button");
            builder.AddAttribute(2, "class", IconButtonClass(color, edge));
            builder.AddAttribute(3, "aria-label", ariaLabel);
            builder.AddAttribute(4, "onclick", onClick);
            builder.AddEventStopPropagationAttribute(5, "onclick", true);
            builder.AddContent(6, IconButtonLabel(icon));
            builder.CloseElement();
        };

    /// <summary>MudAlert (text variant, no close button) saying <paramref name="text"/> with its severity's icon.</summary>
    public static MarkupString Alert(Severity severity, string text, bool dense = false, string? @class = null)
    {
        var s = Css(severity);
        var icon = severity switch
        {
            Severity.Success => Icons.Material.Outlined.CheckCircle,
            Severity.Warning => Icons.Material.Outlined.ReportProblem,
            Severity.Error => Icons.Material.Filled.ErrorOutline,
            _ => Icons.Material.Outlined.Info,
        };
        return new($"<div role=\"alert\" class=\"mud-alert mud-alert-text-{s}{(dense ? " mud-dense" : "")} mud-elevation-0{Extra(@class)}\">" +
                   "<div class=\"mud-alert-position justify-sm-start\"><div class=\"mud-alert-icon mud-alert-icon-left\">" +
                   IconSvg(icon, "mud-icon-root mud-svg-icon mud-icon-size-medium") +
                   $"</div><div class=\"mud-alert-message\">{Html.Encode(text)}</div></div></div>");
    }

    /// <summary>MudProgressLinear, indeterminate, small, named by <paramref name="ariaLabel"/>.</summary>
    public static MarkupString ProgressLinear(string ariaLabel, Color color = Color.Primary) =>
        new($"<div role=\"progressbar\" aria-label=\"{Html.Encode(ariaLabel)}\" class=\"mud-progress-linear mud-progress-indeterminate mud-progress-linear-small " +
            $"mud-progress-linear-color-{Css(color)} horizontal mud-flip-x-rtl\"><div class=\"mud-progress-linear-bars\">" +
            "<div class=\"mud-progress-linear-bar\"></div><div class=\"mud-progress-linear-bar\"></div></div></div>");

    /// <summary>MudIconButton's label: its icon, medium.</summary>
    public static MarkupString IconButtonLabel(string icon) =>
        new($"<span class=\"mud-icon-button-label\">{IconSvg(icon, "mud-icon-root mud-svg-icon mud-icon-size-medium")}</span>");

    /// <summary>The classes MudIconButton gives its element.</summary>
    public static string IconButtonClass(Color color, Edge edge = Edge.False)
    {
        var c = Css(color);
        return $"mud-button-root mud-icon-button mud-{c}-text hover:mud-{c}-hover mud-ripple mud-ripple-icon{(edge == Edge.False ? "" : $" mud-icon-button-edge-{Css(edge)}")}";
    }

    /// <summary>
    /// MudCheckBox (dense, default colour, no label of its own) named by <paramref name="ariaLabel"/>. The page keeps the
    /// value; the box follows <paramref name="checked"/>. Space toggles it as any checkbox; <paramref name="onKeyDown"/>
    /// may answer the other keys MudCheckBox does.
    /// </summary>
    public static RenderFragment CheckBox(bool @checked, string ariaLabel, EventCallback<ChangeEventArgs> onChange,
        EventCallback<KeyboardEventArgs> onKeyDown = default, bool disabled = false, string? testId = null) => builder =>
    {
        var classes = (disabled, @checked) switch
        {
            (false, true) => CheckBoxClasses.Checked,
            (false, false) => CheckBoxClasses.Unchecked,
            (true, true) => CheckBoxClasses.DisabledChecked,
            (true, false) => CheckBoxClasses.DisabledUnchecked,
        };
        builder.OpenElement(0, "div");
        builder.AddAttribute(1, "class", classes.Control);
        builder.OpenElement(2, "div");
        builder.AddAttribute(3, "class", "mud-input-control-input-container");
        builder.OpenElement(4, "label");
        builder.AddAttribute(5, "class", classes.Label);
        builder.OpenElement(6, "span");
        builder.AddAttribute(7, "class", classes.Button);
        builder.OpenElement(8, "input");
        builder.AddAttribute(9, "tabindex", disabled ? "-1" : "0");
        builder.AddAttribute(10, "aria-label", ariaLabel);
        builder.AddAttribute(11, "type", "checkbox");
        builder.AddAttribute(12, "class", "mud-checkbox-input");
        builder.AddAttribute(13, "checked", @checked);
        builder.AddAttribute(14, "disabled", disabled);
        builder.AddAttribute(15, "onchange", onChange);
        if (onKeyDown.HasDelegate)
            builder.AddAttribute(16, "onkeydown", onKeyDown);
        if (testId is not null)
            builder.AddAttribute(17, "data-testid", testId);
        builder.CloseElement();
        builder.AddContent(18, @checked ? CheckedBox : UncheckedBox);
        builder.CloseElement();
        builder.CloseElement();
        builder.CloseElement();
        builder.CloseElement();
    };

    // The box as MudCheckBox draws it, checked and not: one shared markup frame each.
    private static readonly MarkupString CheckedBox = Icon(Icons.Material.Filled.CheckBox);
    private static readonly MarkupString UncheckedBox = Icon(Icons.Material.Filled.CheckBoxOutlineBlank);

    /// <summary>The classes MudCheckBox gives its three wrappers; a disabled one has no colour and no ripple.</summary>
    private sealed record CheckBoxClasses(string Control, string Label, string Button)
    {
        public static readonly CheckBoxClasses Checked = Enabled("mud-checkbox-true");
        public static readonly CheckBoxClasses Unchecked = Enabled("mud-checkbox-false");
        public static readonly CheckBoxClasses DisabledChecked = Disabled("mud-checkbox-true");
        public static readonly CheckBoxClasses DisabledUnchecked = Disabled("mud-checkbox-false");

        private static CheckBoxClasses Enabled(string state) => new(
            "mud-input-control mud-input-control-boolean-input", "mud-checkbox mud-input-content-placement-end",
            $"mud-button-root mud-icon-button mud-default-text hover:mud-default-hover mud-checkbox-dense mud-ripple mud-ripple-checkbox {state}");

        private static CheckBoxClasses Disabled(string state) => new(
            "mud-input-control mud-input-control-boolean-input mud-disabled", "mud-checkbox mud-disabled mud-input-content-placement-end",
            $"mud-button-root mud-icon-button mud-checkbox-dense mud-disabled {state}");
    }

    /// <summary>
    /// MudNavLink: the framework's <see cref="NavLink"/> (which marks the current page's link active) with MudNavLink's
    /// classes, icon and text around it.
    /// </summary>
    public static RenderFragment NavLink(string href, string text, string icon, NavLinkMatch match = NavLinkMatch.Prefix, EventCallback onClick = default) =>
        builder =>
        {
            builder.OpenElement(0, "div");
            builder.AddAttribute(1, "class", "mud-nav-item");
            builder.OpenComponent<Microsoft.AspNetCore.Components.Routing.NavLink>(2);
            builder.AddComponentParameter(3, nameof(Microsoft.AspNetCore.Components.Routing.NavLink.Match), match);
            builder.AddComponentParameter(4, "href", href);
            builder.AddComponentParameter(5, "class", "mud-nav-link mud-ripple");
            builder.AddComponentParameter(6, "tabindex", "0");
            if (onClick.HasDelegate)
                builder.AddComponentParameter(7, "onclick", onClick);
            builder.AddComponentParameter(8, nameof(Microsoft.AspNetCore.Components.Routing.NavLink.ChildContent), (RenderFragment)(content =>
                content.AddMarkupContent(0,
                    IconSvg(icon, "mud-icon-root mud-icon-default mud-svg-icon mud-icon-size-medium mud-nav-link-icon mud-nav-link-icon-default") +
                    $"<div class=\"mud-nav-link-text\">{Html.Encode(text)}</div>")));
            builder.CloseComponent();
            builder.CloseElement();
        };

    private static string IconSvg(string svg, string classes) =>
        $"<svg class=\"{classes}\" focusable=\"false\" viewBox=\"0 0 24 24\" aria-hidden=\"true\" role=\"img\">{svg}</svg>";

    private static string Extra(string? @class) => string.IsNullOrEmpty(@class) ? "" : " " + @class;

    // MudBlazor's class names are its enums' names in lower case (Color.Primary → primary, Typo.body2 → body2).
    private static string Css<T>(T value) where T : struct, Enum => CssNames<T>.Of(value);

    private static class CssNames<T> where T : struct, Enum
    {
        private static readonly Dictionary<T, string> Names = Enum.GetValues<T>().Distinct().ToDictionary(v => v, v => v.ToString().ToLowerInvariant());

        public static string Of(T value) => Names.TryGetValue(value, out var name) ? name : value.ToString().ToLowerInvariant();
    }
}
