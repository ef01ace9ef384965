using Microsoft.EntityFrameworkCore;
using Transparency.Core.Employees;
using Transparency.Core.EventStore;
using Transparency.Testing;

namespace Transparency.Core.Tests.Employees;

/// <summary>HR's search of the directory: by part of a name, an id or an org unit, any case, a page at a time, wildcards taken literally.</summary>
public sealed class EmployeeDirectoryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Hr_finds_employees_by_name_id_or_org_unit_a_page_at_a_time(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await TestData.AddEmployeesAsync(store, [.. Enumerable.Range(1, 30).Select(i => $"E{i:000}")]);
        await using (var db = await store.Contexts.CreateDbContextAsync(Ct))
        {
            db.OrgUnits.Add(new OrgUnit { Id = "OU-PAY", Name = "Payroll_100%" });
            var employees = await db.Employees.OrderBy(e => e.Id).ToListAsync(Ct);
            employees[0].DisplayName = "Ada Lovelace";
            employees[1].DisplayName = "Grace Hopper";
            employees[1].OrgUnitId = "OU-PAY";
            employees[2].DisplayName = "Adam Smith";
            await db.SaveChangesAsync(Ct);
        }
        var directory = new EmployeeDirectory(store.Contexts);

        var ada = await directory.SearchAsync("ADA", 0, 10, Ct);
        Assert.Equal(["Ada Lovelace", "Adam Smith"], ada.Entries.Select(e => e.DisplayName));
        Assert.Equal(2, ada.Total);
        Assert.Equal("E002", Assert.Single((await directory.SearchAsync("payroll", 0, 10, Ct)).Entries).Id.Value);
        Assert.Equal("E017", Assert.Single((await directory.SearchAsync(" e017 ", 0, 10, Ct)).Entries).Id.Value);
        // % and _ are characters to find, not wildcards.
        Assert.Equal("Grace Hopper", Assert.Single((await directory.SearchAsync("_100%", 0, 10, Ct)).Entries).DisplayName);
        Assert.Equal(["Grace Hopper"], (await directory.SearchAsync("%", 0, 10, Ct)).Entries.Select(e => e.DisplayName));

        var first = await directory.SearchAsync(null, 0, 25, Ct);
        var second = await directory.SearchAsync("", 25, 25, Ct);
        Assert.Equal((30, 30), (first.Total, second.Total));
        Assert.Equal(25, first.Entries.Count);
        Assert.Equal(5, second.Entries.Count);
        Assert.Empty(first.Entries.Select(e => e.Id).Intersect(second.Entries.Select(e => e.Id)));
        Assert.Equal("Test unit", first.Entries.First(e => e.DisplayName == "Ada Lovelace").OrgUnitName);
    }
}
