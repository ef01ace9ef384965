namespace Transparency.Web.Tests.Hosting;

/// <summary>The checkout the tests were built from: the folder holding <c>Transparency.sln</c>.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Locate();

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Transparency.sln")))
                return dir.FullName;
        throw new DirectoryNotFoundException($"No Transparency.sln in {AppContext.BaseDirectory} or above it.");
    }
}
