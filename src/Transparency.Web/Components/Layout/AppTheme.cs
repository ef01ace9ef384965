using MudBlazor;

namespace Transparency.Web.Components.Layout;

/// <summary>The app's palette and type: a system font stack (no font downloads), AA contrast in both modes.</summary>
public static class AppTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f5fa8",
            Secondary = "#6a4c93",
            AppbarBackground = "#17324d",
            Success = "#1b7f3b",
            Warning = "#8a5300",
            Error = "#b3261e",
            // MudBlazor's default info blue fails AA contrast for outlined chip text on white.
            Info = "#0d5aa7",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8ab4f8",
            Secondary = "#c9a7ff",
            AppbarBackground = "#0f1f30",
            Info = "#90caf9",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Noto Sans", "Liberation Sans", "sans-serif"],
            },
        },
    };
}
