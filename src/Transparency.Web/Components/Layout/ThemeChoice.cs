namespace Transparency.Web.Components.Layout;

/// <summary>
/// Light or dark: what the person chose with the theme button (a cookie), else what their browser prefers (the
/// <c>Sec-CH-Prefers-Color-Scheme</c> client hint, which Chromium-based browsers send once asked), else light. Read once per
/// request, so the layout renders on the server without a circuit and the page never flashes the other theme.
/// </summary>
public sealed record ThemeChoice(bool Dark)
{
    public const string Cookie = "theme";
    public const string Hint = "Sec-CH-Prefers-Color-Scheme";

    public static ThemeChoice Of(HttpRequest request) => request.Cookies[Cookie] switch
    {
        "dark" => new(true),
        "light" => new(false),
        _ => new(request.Headers[Hint].ToString().Trim('"') == "dark"),
    };

    /// <summary>The cookie's value for a choice from the theme form; null for anything else.</summary>
    public static string? Parse(string? theme) => theme is "dark" or "light" ? theme : null;
}
