using System.Reflection;
using NetArchTest.Rules;
using Transparency.Core;

namespace Transparency.Web.Tests.Architecture;

/// <summary>
/// Core's folders are boundaries: each may use the folders this map names and no other (docs/architecture.md draws the
/// same map). A change that crosses a line fails here; a new folder fails until its line is drawn. Read from the
/// compiled assembly (signatures and method bodies), so a fully qualified name or a lambda is caught as well as a using.
/// </summary>
public sealed class CoreFolderDependencyTests
{
    private static readonly Assembly Core = typeof(CoreRegistration).Assembly;

    /// <summary>Which folders each folder may use; every folder may use itself.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Allowed = new Dictionary<string, string[]>
    {
        ["EventStore"] = [],
        ["Policies"] = ["EventStore"],
        ["AccessLog"] = ["EventStore", "Policies"],
        ["ApiClients"] = ["EventStore"],
        // A change to a purpose reaches every record and employee concerned: their rollups marked, each told.
        ["Register"] = ["EventStore", "Notices", "Policies", "Rollups"],
        ["Notices"] = ["EventStore", "Policies"],
        // Records are tagged by the register's list of sensitive contexts.
        ["Ingestion"] = ["EventStore", "Policies", "Register"],
        ["TrainingExport"] = ["EventStore", "Policies"],
        // The summary and usage rollups and their job: they read the store through the rule and nothing else.
        ["Rollups"] = ["EventStore", "Policies"],
        ["Records"] = ["AccessLog", "EventStore", "Policies", "Rollups"],
        ["Reports"] = ["AccessLog", "Documents", "EventStore", "Policies", "Rollups"],
        ["Documents"] = [],
        // A disclosure states what Records counts and Reports shows, logs and tells its reads, and marks a download as a right used.
        ["Disclosures"] = ["AccessLog", "Documents", "EventStore", "Notices", "Policies", "Records", "Reports", "Rollups"],
        // Acts mark the rollups' days and weeks stale; a filtered act reads the records' filter.
        ["Decisions"] = ["EventStore", "Policies", "Records", "Rollups"],
        // The privacy officer's review: each read of an employee's data is logged, an answer is told and marks the rollups.
        ["Review"] = ["AccessLog", "Decisions", "EventStore", "Notices", "Policies", "Records", "Rollups"],
        ["Employees"] = ["EventStore", "Policies", "Rollups"],
        ["Retention"] = ["EventStore", "Policies", "Rollups"],
        ["Demo"] = ["ApiClients", "Employees", "EventStore", "Policies"],
        // Start-up composes the store: schema, register, demo data and demo keys.
        ["Startup"] = ["ApiClients", "Demo", "EventStore", "Register"],
    };

    public static TheoryData<string> Folders() => new(Allowed.Keys);

    [Theory, MemberData(nameof(Folders))]
    public void A_folder_uses_only_the_folders_it_may(string folder)
    {
        var others = Allowed.Keys.Where(f => f != folder && !Allowed[folder].Contains(f)).Select(Namespace).ToArray();

        var result = Types.InAssembly(Core).That().ResideInNamespace(Namespace(folder)).ShouldNot().HaveDependencyOnAny(others).GetResult();

        Assert.True(result.IsSuccessful,
            $"{folder} may use only {string.Join(", ", Allowed[folder].DefaultIfEmpty("nothing else"))}; these use more:\n"
            + string.Join("\n", (result.FailingTypes ?? []).Select(t => $"{t.FullName}: {t.Explanation}")));
    }

    [Fact]
    public void Every_core_folder_has_its_line_drawn()
    {
        var folders = Core.GetTypes()
            .Select(t => t.Namespace)
            .OfType<string>()
            .Where(n => n.StartsWith("Transparency.Core.", StringComparison.Ordinal))
            .Select(n => n.Split('.')[2])
            .Distinct()
            .Order(StringComparer.Ordinal);

        Assert.Equal(Allowed.Keys.Order(StringComparer.Ordinal), folders);
    }

    [Fact]
    public void The_check_sees_a_dependency_that_is_there()
    {
        // Start-up seeds demo data: if the check did not see that, every rule above would pass for nothing.
        var result = Types.InAssembly(Core).That().ResideInNamespace(Namespace("Startup")).ShouldNot().HaveDependencyOnAny(Namespace("Demo")).GetResult();

        Assert.False(result.IsSuccessful);
    }

    private static string Namespace(string folder) => $"Transparency.Core.{folder}";
}
