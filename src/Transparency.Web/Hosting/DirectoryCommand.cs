using Transparency.Core.Employees;
using Transparency.Core.EventStore;
using Transparency.Core.Startup;

namespace Transparency.Web.Hosting;

/// <summary>
/// <c>directory import FILE.csv [--dry-run]</c>: operators bring the HR system's employee export into the configured
/// store without starting the web server. Exit code 0 when the file was imported (or, with <c>--dry-run</c>, could be),
/// 2 when the input is bad, with every problem on the error output and nothing written.
/// </summary>
public static class DirectoryCommand
{
    public static bool IsInvoked(string[] args) => args.Length > 0 && args[0] == "directory";

    private const string Usage = """
        Usage:
          directory import <file.csv> [--dry-run]
        The file is UTF-8 CSV with a header row: employee_id, display_name, org_unit, sign_in_name, object_id, start_date, leave_date.
        --dry-run shows what the import would do and writes nothing.
        The store is the one the app is configured with (Store:Provider, ConnectionStrings:Transparency).
        """;

    /// <param name="output">Where the plan goes (standard output unless given).</param>
    /// <param name="error">Where problems go (standard error unless given).</param>
    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        if (args.Length < 3 || args[1] != "import" || args[2].StartsWith("--", StringComparison.Ordinal))
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }
        var file = args[2];
        var dryRun = args.Contains("--dry-run");
        using var host = CommandHost.Build(args.Skip(3).Where(a => a != "--dry-run").ToArray());
        try
        {
            await using var csv = Open(file);
            await host.Services.GetRequiredService<StoreInitializer>().InitializeAsync(null);
            var result = await host.Services.GetRequiredService<DirectoryImport>().ImportAsync(csv, dryRun);
            if (!result.Succeeded)
            {
                await error.WriteLineAsync($"{file}: nothing was imported. {Count(result.Problems.Count, "problem")} to fix:");
                foreach (var problem in result.Problems)
                    await error.WriteLineAsync($"  {problem}");
                return 2;
            }
            await WritePlanAsync(output, file, result.Plan!, dryRun);
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"Cannot read {file}: {e.Message}");
            return 2;
        }
        catch (StoreConfigurationException e)
        {
            await error.WriteLineAsync(e.Message);
            return 2;
        }
    }

    private static FileStream Open(string file) =>
        new(Locate(file), FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);

    /// <summary>
    /// The file the operator named. <c>dotnet run --project src/Transparency.Web</c> starts the app in its project folder
    /// (where its store lives), so a relative path that is not found there is looked up from the folder the command was
    /// typed in, which POSIX shells pass on as <c>PWD</c>.
    /// </summary>
    private static string Locate(string file)
    {
        if (Path.IsPathRooted(file) || File.Exists(file))
            return file;
        return Environment.GetEnvironmentVariable("PWD") is { Length: > 0 } typedIn && File.Exists(Path.Combine(typedIn, file))
            ? Path.Combine(typedIn, file)
            : file;
    }

    private static async Task WritePlanAsync(TextWriter output, string file, DirectoryPlan plan, bool dryRun)
    {
        await output.WriteLineAsync($"Directory import of {file}{(dryRun ? " (dry run: nothing is written)" : "")}");
        await output.WriteLineAsync($"{Count(plan.EmployeesInFile, "employee")} in the file. " +
            $"{Count(plan.NotInFile, "employee")} in the store {(plan.NotInFile == 1 ? "is" : "are")} not in it and stay as they are (the file may be a partial export).");

        await SectionAsync("Org units to create", plan.NewOrgUnits, u => $"{u.Path}  ({u.Id})");
        await SectionAsync("Added", plan.Added, e => $"{e.EmployeeId}  {e.DisplayName}  in {e.OrgUnitPath}");
        await SectionAsync("Changed", plan.Changed, e => $"{e.EmployeeId}  {e.DisplayName}: " +
            string.Join("; ", e.Fields.Select(f => $"{f.Field} {Value(f.From)} → {Value(f.To)}")));
        await SectionAsync("Moved", plan.Moved, e => $"{e.EmployeeId}  {e.DisplayName}: {e.FromOrgUnit} → {e.ToOrgUnit}");
        await SectionAsync("Leaving", plan.Leaving, e => $"{e.EmployeeId}  {e.DisplayName}: last working day {e.LeavesOn:yyyy-MM-dd}" +
            (e.HasLeft ? " (has left: new capture records are refused)" : ""));
        await output.WriteLineAsync($"Unchanged: {plan.Unchanged}");
        await output.WriteLineAsync();
        var counts = $"{plan.Added.Count} added, {plan.Changed.Count} changed, {plan.Moved.Count} moved, {plan.Leaving.Count} leaving";
        await output.WriteLineAsync(dryRun ? $"Dry run: {counts} if imported. Nothing was written." : $"Imported: {counts}");

        async Task SectionAsync<T>(string title, IReadOnlyList<T> items, Func<T, string> line)
        {
            await output.WriteLineAsync($"{title}: {items.Count}");
            foreach (var item in items)
                await output.WriteLineAsync($"  {line(item)}");
        }

        static string Value(string? value) => value is null ? "(none)" : $"'{value}'";
    }

    private static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";
}
