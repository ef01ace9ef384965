using Microsoft.EntityFrameworkCore;
using Transparency.Core.EventStore;
using Transparency.Testing;
using Transparency.Web.Hosting;

namespace Transparency.Web.Tests.Hosting;

/// <summary>
/// <c>directory import</c> as an operator runs it against the configured store: a dry run shows the plan and writes
/// nothing, the import prints the plan and its counts (exit 0), and a bad file gets every problem on the error output
/// (exit 2) with nothing written.
/// </summary>
public sealed class DirectoryCommandTests
{
    private static readonly string Sample = Path.Combine(RepositoryRoot.Path, "docs", "samples", "directory.csv");

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Import_prints_the_plan_and_exits_0_and_a_bad_file_gets_every_problem_and_exit_2(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(provider);
        string[] storeArgs = ["--Store:Provider", provider.ToString(), "--ConnectionStrings:Transparency", store.Options.ConnectionString];

        var dryRun = await RunAsync(["directory", "import", Sample, "--dry-run", .. storeArgs]);
        Assert.Equal(0, dryRun.ExitCode);
        Assert.Contains("Added: 12", dryRun.Output);
        Assert.Contains("  P10006  O'Connor, Niamh: last working day 2026-10-30", dryRun.Output);
        Assert.EndsWith("Dry run: 12 added, 0 changed, 0 moved, 1 leaving if imported. Nothing was written.", dryRun.Output.TrimEnd());
        Assert.Equal("", dryRun.Error);
        Assert.Equal(0, await EmployeesAsync());

        var import = await RunAsync(["directory", "import", Sample, .. storeArgs]);
        Assert.Equal(0, import.ExitCode);
        Assert.Contains("Org units to create: 7", import.Output);
        Assert.EndsWith("Imported: 12 added, 0 changed, 0 moved, 1 leaving", import.Output.TrimEnd());
        Assert.Equal(12, await EmployeesAsync());

        var bad = Path.Combine(Path.GetTempPath(), $"directory-{Guid.NewGuid():N}.csv");
        try
        {
            await File.WriteAllTextAsync(bad, string.Join('\n',
                "employee_id,display_name,org_unit,sign_in_name,object_id,start_date,leave_date",
                "P20001,Ines Duarte,Engineering/Security,ines.duarte@contoso.example,,2026-12-01,",
                "P20002,,Engineering/Security,nobody@contoso.example,,,",
                "P20003,Omar Said,Engineering/Security,omar.said@contoso.example,,2026-12-01,2026-13-01") + "\n", ct);

            var refused = await RunAsync(["directory", "import", bad, .. storeArgs]);

            Assert.Equal(2, refused.ExitCode);
            Assert.Equal("", refused.Output);
            Assert.Equal(
                [
                    $"{bad}: nothing was imported. 2 problems to fix:",
                    "  line 3, display_name: is required",
                    "  line 4, leave_date: '2026-13-01' is not a date (yyyy-MM-dd)",
                ],
                refused.Error.TrimEnd().Split(Environment.NewLine));
            Assert.Equal(12, await EmployeesAsync());
        }
        finally
        {
            File.Delete(bad);
        }

        var missing = await RunAsync(["directory", "import", bad, .. storeArgs]);
        Assert.Equal(2, missing.ExitCode);
        Assert.StartsWith($"Cannot read {bad}", missing.Error);

        async Task<int> EmployeesAsync()
        {
            await using var db = await store.Contexts.CreateDbContextAsync(ct);
            return await db.Employees.CountAsync(ct);
        }
    }

    private sealed record Run(int ExitCode, string Output, string Error);

    private static async Task<Run> RunAsync(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await DirectoryCommand.RunAsync(args, output, error);
        return new Run(exitCode, output.ToString(), error.ToString());
    }
}
