using Bunit;
using Transparency.Web.Components.Shared.Previews;

namespace Transparency.Web.Tests.Components.Previews;

public sealed class ScreenSnapshotPreviewTests : PreviewContext
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];
    private const string Alt = "Screen snapshot captured in Slack at 2026-11-20 12:00:00 UTC";

    private IRenderedComponent<ScreenSnapshotPreview> Preview(byte[]? image, string? mediaType) =>
        Render<ScreenSnapshotPreview>(p => p.Add(c => c.Image, image).Add(c => c.MediaType, mediaType).Add(c => c.Alt, Alt));

    [Theory]
    [InlineData("image/png")]
    [InlineData("image/jpeg")]
    [InlineData("image/webp")]
    [InlineData("IMAGE/PNG")]
    public void Shows_the_image_with_its_alt_text(string mediaType)
    {
        var cut = Preview(Png, mediaType);

        var img = cut.Find("img");
        Assert.Equal($"data:{mediaType.ToLowerInvariant()};base64,{Convert.ToBase64String(Png)}", img.GetAttribute("src"));
        Assert.Equal(Alt, img.GetAttribute("alt"));
        Assert.Contains("16 bytes", Text(cut.Find("figcaption")));
    }

    [Theory]
    [InlineData("image/svg+xml")]
    [InlineData("text/html")]
    [InlineData("image/gif")]
    [InlineData("image/png;charset=utf-8")]
    [InlineData(null)]
    public void Other_media_types_are_never_embedded(string? mediaType)
    {
        var cut = Preview(Png, mediaType);

        Assert.Empty(cut.FindAll("img"));
        Assert.StartsWith("Preview not available", Text(cut.Find("[data-testid='preview-unavailable']")));
    }

    [Fact]
    public void A_snapshot_without_image_bytes_says_the_content_could_not_be_read()
    {
        Assert.Equal(Unreadable, Text(Preview(null, "image/png").Find("[data-testid='preview-unavailable']")));
        Assert.Equal(Unreadable, Text(Preview([], "image/png").Find("[data-testid='preview-unavailable']")));
    }
}
