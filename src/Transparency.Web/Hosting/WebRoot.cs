namespace Transparency.Web.Hosting;

/// <summary>
/// Finds the app's own static assets: the repository's top-level <c>wwwroot/</c> when running from
/// source or from tests, the published app's <c>wwwroot/</c> when deployed. Framework and MudBlazor
/// assets keep coming through static web assets either way.
/// </summary>
public static class WebRoot
{
    private const string Marker = "css/app.css";

    public static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "wwwroot");
            if (File.Exists(Path.Combine(candidate, Marker)))
                return candidate;
        }
        throw new DirectoryNotFoundException(
            $"No wwwroot/{Marker} found in {AppContext.BaseDirectory} or above it: the app's static assets are missing from this installation.");
    }
}
