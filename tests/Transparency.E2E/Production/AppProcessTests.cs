namespace Transparency.E2E.Production;

/// <summary>The launcher itself: a command runs with the same configuration as the server, as a directory import will.</summary>
[Collection(ProductionCollection.Name)]
public sealed class AppProcessTests(ProductionHost host)
{
    [Fact]
    public async Task A_command_runs_against_the_store_the_server_uses()
    {
        var (exitCode, output) = await host.App.RunCommandAsync(["api-key", "list"], TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.True(exitCode == 0, $"api-key list ended with {exitCode}:\n{output}");
        // The key the host made with api-key create before the server started, and no demo key in Production.
        Assert.Contains(ProductionHost.CaptureClient, output);
        Assert.DoesNotContain("demo-", output);
    }
}
