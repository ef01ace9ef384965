using Transparency.Core.Policies;

namespace Transparency.Core.Tests.Policies;

public sealed class CapturedTextTests
{
    [Theory]
    [InlineData("Inbox – Outlook", "Inbox – Outlook")]
    [InlineData("كشف الحساب", "كشف الحساب")]
    [InlineData("👩‍💻 Terminal", "👩‍💻 Terminal")]
    [InlineData("a\nb\tc", "a\nb\tc")]
    [InlineData("report\u202Efdp.exe", "report[U+202E]fdp.exe")]
    [InlineData("\u2066x\u2069", "[U+2066]x[U+2069]")]
    [InlineData("a\u0000b\u001Bc\u007F", "a[U+0000]b[U+001B]c[U+007F]")]
    [InlineData("zero\u200Bwidth\uFEFF", "zero[U+200B]width[U+FEFF]")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Shows_what_would_hide_or_reorder_text_as_a_mark_and_leaves_text_as_it_is(string? captured, string shown) =>
        Assert.Equal(shown, CapturedText.Visible(captured));
}
