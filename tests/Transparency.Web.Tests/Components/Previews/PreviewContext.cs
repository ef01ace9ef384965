using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Transparency.Web.Tests.Components.Previews;

/// <summary>MudBlazor registered as in its own component tests; previews need nothing else.</summary>
public abstract class PreviewContext : BunitContext
{
    public const string Unreadable = "No preview: the content could not be read";

    protected PreviewContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Render<MudPopoverProvider>();
    }

    /// <summary>Content that is not JSON, not the expected shape, or missing.</summary>
    public static TheoryData<string?> NotContent => new()
    {
        (string?)null,
        "",
        "   ",
        "{not json",
        "null",
        "[1,2,3]",
        "\"just a string\"",
        "{}",
    };

    protected static string Text(AngleSharp.Dom.IElement element) =>
        string.Join(' ', element.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
