using System.Text.RegularExpressions;
using Bunit;
using Transparency.Web.Components.Shared.Previews;

namespace Transparency.Web.Tests.Components.Previews;

/// <summary>
/// Content is whatever a person typed or a window was called: it must reach the page as text, never
/// as markup the browser would run or load.
/// </summary>
public sealed class PreviewSafetyTests : PreviewContext
{
    private const string Attack = "<script>alert(1)</script><img src=x onerror=alert(2)>";

    [Fact]
    public void Typed_markup_is_shown_as_literal_text()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(new { text = Attack, keyCount = Attack.Length, durationMs = 4000 });

        var cut = Render<KeystrokesPreview>(p => p.Add(c => c.Json, json));

        AssertInert(cut);
        Assert.Equal(Attack, cut.Find("[data-testid='typed-text']").TextContent);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;", cut.Markup);
    }

    [Fact]
    public void A_window_title_with_markup_is_shown_as_literal_text()
    {
        const string title = "<b onmouseover=alert(3)>Inbox</b>" + Attack;
        var json = System.Text.Json.JsonSerializer.Serialize(new { durationMs = 60000, windowTitle = title });

        var cut = Render<AppFocusPreview>(p => p.Add(c => c.Json, json).Add(c => c.CapturedAt, new DateTime(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc)));

        AssertInert(cut);
        Assert.Empty(cut.FindAll("b"));
        Assert.Equal(title, cut.Find("[data-testid='window-title']").TextContent);
        Assert.Contains("&lt;b onmouseover=alert(3)&gt;Inbox&lt;/b&gt;", cut.Markup);
    }

    [Fact]
    public void A_click_target_named_with_markup_is_shown_as_literal_text()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(new { x = 5, y = 5, button = "left", target = new { role = "<i>button</i>", name = Attack } });

        var cut = Render<ClickPreview>(p => p.Add(c => c.Json, json));

        AssertInert(cut);
        Assert.Empty(cut.FindAll("i"));
        Assert.Equal(Attack, cut.Find("[data-testid='click-name']").TextContent);
        Assert.Equal("<i>button</i>", cut.Find("[data-testid='click-role']").TextContent);
    }

    [Fact]
    public void Characters_that_reorder_or_hide_text_are_shown_as_marks_and_the_text_is_isolated()
    {
        // "invoice\u202Efdp.exe" displays as "invoiceexe.pdf": the override is shown instead of obeyed.
        const string title = "invoice\u202Efdp.exe\u200B \u0007done";
        var json = System.Text.Json.JsonSerializer.Serialize(new { durationMs = 60000, windowTitle = title });

        var cut = Render<AppFocusPreview>(p => p.Add(c => c.Json, json).Add(c => c.CapturedAt, new DateTime(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc)));

        var shown = cut.Find("[data-testid='window-title']");
        Assert.Equal("invoice[U+202E]fdp.exe[U+200B] [U+0007]done", shown.TextContent);
        Assert.Equal("auto", shown.GetAttribute("dir"));

        var typed = Render<KeystrokesPreview>(p => p.Add(c => c.Json,
            System.Text.Json.JsonSerializer.Serialize(new { text = "line one\nline\u2067two\tend", keyCount = 20, durationMs = 4000 })));
        // Line breaks and tabs are text and stay.
        Assert.Equal("line one\nline[U+2067]two\tend", typed.Find("[data-testid='typed-text']").TextContent);
    }

    private static void AssertInert<T>(IRenderedComponent<T> cut) where T : Microsoft.AspNetCore.Components.IComponent
    {
        Assert.Empty(cut.FindAll("script"));
        Assert.Empty(cut.FindAll("img"));
        Assert.Empty(cut.FindAll("[onerror]"));
        // Attribute values (an SVG's aria-label names the element) cannot open an element; the rest of the markup must not either.
        var markup = Regex.Replace(cut.Markup, "=\"[^\"]*\"", "=\"\"");
        Assert.DoesNotContain("<script", markup, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img src=\"x\"", markup, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img src=x", markup, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" onerror=\"", markup, StringComparison.OrdinalIgnoreCase);
    }
}
