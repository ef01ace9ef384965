using Bunit;
using Transparency.Web.Components.Shared.Previews;

namespace Transparency.Web.Tests.Components.Previews;

public sealed class KeystrokesPreviewTests : PreviewContext
{
    private IRenderedComponent<KeystrokesPreview> Preview(string? json) => Render<KeystrokesPreview>(p => p.Add(c => c.Json, json));

    [Fact]
    public void Shows_the_typed_text_exactly_with_its_key_count_and_duration()
    {
        var cut = Preview("""{"text":"Hi Sam,\n  the numbers are in.","keyCount":28,"durationMs":8300}""");

        Assert.Equal("Hi Sam,\n  the numbers are in.", cut.Find("[data-testid='typed-text']").TextContent);
        Assert.Contains("28 keys · typed in 8.3 s", Text(cut.Find("[data-testid='keystrokes-preview']")));
    }

    [Fact]
    public void Explains_the_marks_for_backspace_and_unrecorded_keys()
    {
        var cut = Preview("""{"text":"••••••⌫•","keyCount":8,"durationMs":2100}""");

        var text = Text(cut.Find("[data-testid='keystrokes-preview']"));
        Assert.Contains("⌫ marks a press of the backspace key.", text);
        Assert.Contains("• marks a key whose character was not recorded.", text);
    }

    [Fact]
    public void Plain_text_gets_no_explanations_and_missing_counts_are_left_out()
    {
        var cut = Preview("""{"text":"ok"}""");

        Assert.Equal("ok", cut.Find("[data-testid='typed-text']").TextContent);
        var text = Text(cut.Find("[data-testid='keystrokes-preview']"));
        Assert.DoesNotContain("marks", text);
        Assert.DoesNotContain("keys", text);
    }

    [Fact]
    public void A_password_field_says_its_text_is_not_kept_with_the_key_count()
    {
        var cut = Preview("""{"keyCount":9,"durationMs":2100,"textWithheld":"passwordField"}""");

        var text = Text(cut.Find("[data-testid='keystrokes-preview']"));
        Assert.Equal("Typed into a password field: text not kept", cut.Find("[data-testid='text-withheld']").TextContent.Trim());
        Assert.Contains("9 keys · typed in 2.1 s", text);
        Assert.Empty(cut.FindAll("[data-testid='typed-text']"));
    }

    [Fact]
    public void A_record_tagged_as_a_password_field_never_shows_text_its_content_still_carries()
    {
        var cut = Render<KeystrokesPreview>(p => p.Add(c => c.Json, """{"text":"s3cret-left-over","keyCount":16,"durationMs":2100}""")
            .Add(c => c.PasswordField, true));

        Assert.DoesNotContain("s3cret-left-over", cut.Markup);
        Assert.Equal("Typed into a password field: text not kept", cut.Find("[data-testid='text-withheld']").TextContent.Trim());
        Assert.Contains("16 keys", Text(cut.Find("[data-testid='keystrokes-preview']")));
    }

    [Fact]
    public void An_empty_burst_says_no_characters_were_recorded()
    {
        var cut = Preview("""{"text":"","keyCount":0,"durationMs":0}""");

        Assert.Contains("No characters were recorded.", Text(cut.Find("[data-testid='keystrokes-preview']")));
        Assert.Empty(cut.FindAll("[data-testid='typed-text']"));
    }

    [Theory]
    [MemberData(nameof(NotContent))]
    [InlineData("""{"text":42}""")]
    [InlineData("""{"keyCount":3,"durationMs":400}""")]
    [InlineData("""{"text":"ok","keyCount":"many"}""")]
    public void Content_it_cannot_read_says_so(string? json)
    {
        var cut = Preview(json);

        Assert.Equal(Unreadable, Text(cut.Find("[data-testid='preview-unavailable']")));
        Assert.Empty(cut.FindAll("[data-testid='typed-text']"));
    }
}
