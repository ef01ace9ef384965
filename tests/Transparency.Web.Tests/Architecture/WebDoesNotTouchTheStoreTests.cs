using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Transparency.Core.EventStore;
using Transparency.Web.Tests.Hosting;

namespace Transparency.Web.Tests.Architecture;

/// <summary>
/// Pages and endpoints reach the store only through Core's services (page or endpoint → Core service →
/// context factory): the web project neither references EF Core nor holds a context or a context factory.
/// </summary>
public sealed class WebDoesNotTouchTheStoreTests
{
    private static readonly Assembly Web = typeof(Program).Assembly;

    [Fact]
    public void Web_assembly_references_no_EF_Core_assembly()
    {
        var references = Web.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.Contains("Transparency.Core", references);
        Assert.DoesNotContain(references, name => name.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
    }

    [Fact]
    public void No_web_type_holds_or_takes_a_context_or_context_factory()
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var offences = new List<string>();
        foreach (var type in Web.GetTypes())
        {
            offences.AddRange(type.GetFields(all).Where(f => IsStoreType(f.FieldType)).Select(f => $"{type.FullName}.{f.Name} (field)"));
            offences.AddRange(type.GetProperties(all).Where(p => IsStoreType(p.PropertyType)).Select(p => $"{type.FullName}.{p.Name} (property)"));
            foreach (var method in type.GetConstructors(all).Cast<MethodBase>().Concat(type.GetMethods(all)))
            {
                offences.AddRange(method.GetParameters().Where(p => IsStoreType(p.ParameterType))
                    .Select(p => $"{type.FullName}.{method.Name}({p.Name}) (parameter)"));
                if (method is MethodInfo m && IsStoreType(m.ReturnType))
                    offences.Add($"{type.FullName}.{method.Name} (return value)");
            }
        }

        Assert.Empty(offences);
    }

    [Fact]
    public void The_store_type_check_recognises_what_it_forbids()
    {
        // Guards the test above against passing because the check itself sees nothing.
        Assert.True(IsStoreType(typeof(TransparencyDbContext)));
        Assert.True(IsStoreType(typeof(IDbContextFactory<TransparencyDbContext>)));
        Assert.True(IsStoreType(typeof(Func<IDbContextFactory<TransparencyDbContext>>)));
        Assert.True(IsStoreType(typeof(TransparencyDbContext[])));
        Assert.True(IsStoreType(typeof(TransparencyDbContext).MakeByRefType()));
        Assert.False(IsStoreType(typeof(Core.Register.ProcessingRegister)));
    }

    [Fact]
    public void Web_sources_never_mention_EF_Core_or_the_context()
    {
        var web = Path.Combine(RepositoryRoot.Path, "src", "Transparency.Web");
        var sources = Directory.EnumerateFiles(web, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !IsBuildOutput(Path.GetRelativePath(web, f)))
            .ToList();
        Assert.Contains(sources, f => f.EndsWith("Program.cs", StringComparison.Ordinal));
        Assert.Contains(sources, f => f.EndsWith("Home.razor", StringComparison.Ordinal));

        var offences = sources
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .Where(l => l.Text.Contains("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)
                        || l.Text.Contains(nameof(TransparencyDbContext), StringComparison.Ordinal))
            .Select(l => $"{Path.GetRelativePath(RepositoryRoot.Path, l.File)}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.Empty(offences);
    }

    private static bool IsBuildOutput(string relativePath)
    {
        var first = relativePath.Split(Path.DirectorySeparatorChar)[0];
        return first is "bin" or "obj";
    }

    private static bool IsStoreType(Type type)
    {
        if (type.HasElementType)
            return IsStoreType(type.GetElementType()!);
        if (typeof(DbContext).IsAssignableFrom(type))
            return true;
        if (type.IsGenericType)
        {
            if (type.GetGenericTypeDefinition() == typeof(IDbContextFactory<>))
                return true;
            return type.GetGenericArguments().Any(IsStoreType);
        }
        return false;
    }
}
