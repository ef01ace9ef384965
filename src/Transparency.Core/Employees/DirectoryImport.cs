using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Transparency.Core.Rollups;
using Transparency.Core.EventStore;

namespace Transparency.Core.Employees;

/// <summary>An org unit the import creates.</summary>
public sealed record PlannedOrgUnit(string Id, string Name, string? ParentId, string Path);

/// <summary>An employee the import adds.</summary>
public sealed record PlannedEmployee(string EmployeeId, string DisplayName, string OrgUnitPath);

/// <summary>One field of an employee that the import changes, named by its column; null stands for no value.</summary>
public sealed record FieldChange(string Field, string? From, string? To);

/// <summary>An employee whose fields (other than the org unit) the import changes.</summary>
public sealed record EmployeeChange(string EmployeeId, string DisplayName, IReadOnlyList<FieldChange> Fields);

/// <summary>An employee the import moves to another org unit; <paramref name="FromOrgUnit"/> is a path, or the id of a unit the directory did not create.</summary>
public sealed record EmployeeMove(string EmployeeId, string DisplayName, string FromOrgUnit, string ToOrgUnit);

/// <summary>An employee whose last working day the import sets or changes; <paramref name="HasLeft"/> when that day is past.</summary>
public sealed record EmployeeLeaving(string EmployeeId, string DisplayName, DateOnly LeavesOn, bool HasLeft);

/// <summary>
/// What an import does to the store. An employee may be in more than one list (a move with a new name is in
/// <see cref="Moved"/> and <see cref="Changed"/>; a new leave date is in <see cref="Changed"/> and <see cref="Leaving"/>).
/// </summary>
/// <param name="NotInFile">Employees in the store the file does not list: an import leaves them as they are.</param>
/// <param name="Unchanged">Employees of the file the store holds exactly as listed already.</param>
public sealed record DirectoryPlan(
    int EmployeesInFile,
    int NotInFile,
    int Unchanged,
    IReadOnlyList<PlannedOrgUnit> NewOrgUnits,
    IReadOnlyList<PlannedEmployee> Added,
    IReadOnlyList<EmployeeChange> Changed,
    IReadOnlyList<EmployeeMove> Moved,
    IReadOnlyList<EmployeeLeaving> Leaving)
{
    /// <summary>Whether importing would leave the store as it is (nothing added, changed or moved).</summary>
    public bool ChangesNothing => NewOrgUnits.Count + Added.Count + Changed.Count + Moved.Count == 0;
}

/// <summary>The outcome of an import: its problems (then nothing was written), or its plan and whether it was written.</summary>
public sealed record DirectoryImportResult(IReadOnlyList<DirectoryProblem> Problems, DirectoryPlan? Plan, bool Written)
{
    public bool Succeeded => Problems.Count == 0;
}

/// <summary>
/// Brings employees and org units in from the HR system's export (<see cref="DirectoryFile"/>), the only way a
/// production store learns who its data subjects are. The file is checked whole, against itself and the store, and
/// a file with any problem writes nothing. Otherwise the import is one transaction and idempotent: it adds the
/// employees and org units it does not know, changes what differs, and moves employees whose unit changed, keeping
/// the unit they left as a <see cref="PastMembership"/> so the reports count what was captured before the move where it
/// was. Employees the file does not list are left as they are: an export may cover part of the organisation.
/// </summary>
public sealed class DirectoryImport(IDbContextFactory<TransparencyDbContext> contexts, TimeProvider clock)
{
    /// <summary>PostgreSQL advisory lock key of the import ("DIRECT" in ASCII), so two imports never plan against each other's writes.</summary>
    private const long ImportLock = 0x4449_5245_4354;

    /// <summary>Checks the file and the store, plans, and (unless <paramref name="dryRun"/>) carries the plan out.</summary>
    /// <param name="csv">The export, UTF-8 CSV; the caller keeps it open.</param>
    /// <param name="dryRun">Plan and report only; nothing is written.</param>
    public async Task<DirectoryImportResult> ImportAsync(Stream csv, bool dryRun, CancellationToken ct = default)
    {
        var (entries, fileProblems) = await DirectoryFile.ReadAsync(csv, ct);
        if (entries.Count == 0)
            return new DirectoryImportResult(fileProblems, null, Written: false);

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!dryRun)
            await StoreLocks.TakeAsync(db, ImportLock, ct);

        var ids = entries.Select(e => e.EmployeeId).ToList();
        var employees = await db.Employees.Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, StringComparer.Ordinal, ct);
        var objectIds = entries.Where(e => e.ObjectId is not null).Select(e => e.ObjectId).ToList();
        var owners = await db.Employees.Where(e => objectIds.Contains(e.ObjectId))
            .Select(e => new { e.Id, e.ObjectId }).ToDictionaryAsync(e => e.ObjectId!, e => e.Id, StringComparer.Ordinal, ct);
        // The object id is what a sign-in is matched by: handing one employee's to another would let the wrong person in.
        var problems = fileProblems.Concat(entries
                .Where(e => e.ObjectId is not null && owners.TryGetValue(e.ObjectId, out var owner) && owner != e.EmployeeId)
                .Select(e => new DirectoryProblem(e.Line, DirectoryFile.ObjectId,
                    $"'{e.ObjectId}' is linked to employee '{owners[e.ObjectId!]}' in the store already; an object id belongs to one employee")))
            .OrderBy(p => p.Line).ToList();
        if (problems.Count > 0)
            return new DirectoryImportResult(problems, null, Written: false);

        var units = await db.OrgUnits.AsNoTracking().Select(o => new { o.Id, o.Name, o.ParentId }).ToDictionaryAsync(o => o.Id, ct);
        var inStore = await db.Employees.CountAsync(ct);
        var plan = Plan(entries, employees, units.ToDictionary(u => u.Key, u => (u.Value.Name, u.Value.ParentId)), inStore, now);
        if (dryRun)
            return new DirectoryImportResult([], plan, Written: false);

        db.OrgUnits.AddRange(plan.NewOrgUnits.Select(u => new OrgUnit { Id = u.Id, Name = u.Name, ParentId = u.ParentId }));
        var moved = new List<(string EmployeeId, string From, string To)>();
        foreach (var entry in entries)
        {
            var unit = OrgUnitPaths.IdOf(entry.OrgUnitPath);
            if (!employees.TryGetValue(entry.EmployeeId, out var employee))
            {
                db.Employees.Add(new Employee
                {
                    Id = entry.EmployeeId, DisplayName = entry.DisplayName, OrgUnitId = unit, SignInIdentity = entry.SignInName,
                    ObjectId = entry.ObjectId, StartsOn = entry.StartsOn, LeavesOn = entry.LeavesOn,
                });
                continue;
            }
            employee.DisplayName = entry.DisplayName;
            employee.SignInIdentity = entry.SignInName;
            // An export without the object id leaves the link as it is: it may have been made at a first sign-in.
            employee.ObjectId = entry.ObjectId ?? employee.ObjectId;
            employee.StartsOn = entry.StartsOn;
            employee.LeavesOn = entry.LeavesOn;
            if (employee.OrgUnitId != unit)
            {
                db.PastMemberships.Add(new PastMembership { EmployeeId = employee.Id, OrgUnitId = employee.OrgUnitId, Until = now });
                moved.Add((employee.Id, employee.OrgUnitId, unit));
                employee.OrgUnitId = unit;
            }
        }
        await db.SaveChangesAsync(ct);

        // Records captured from the move on count in the new unit. None is older than the move, but the move's week
        // (and any record stamped a little ahead of the clock) is recounted in both units.
        foreach (var (employeeId, from, to) in moved)
        {
            var last = await db.CaptureRecords.Where(r => r.EmployeeId == employeeId && r.CapturedAt >= now)
                .MaxAsync(r => (DateTime?)r.CapturedAt, ct) ?? now;
            var weeks = UsageWeeks.Between(now, last).ToList();
            await UsageWeeks.MarkAsync(db, from, weeks, now, ct);
            await UsageWeeks.MarkAsync(db, to, weeks, now, ct);
        }
        await transaction.CommitAsync(ct);
        return new DirectoryImportResult([], plan, Written: true);
    }

    private static DirectoryPlan Plan(IReadOnlyList<DirectoryEntry> entries, Dictionary<string, Employee> employees,
        Dictionary<string, (string Name, string? ParentId)> units, int inStore, DateTime now)
    {
        var newUnits = new List<PlannedOrgUnit>();
        var known = units.Keys.ToHashSet(StringComparer.Ordinal);
        foreach (var path in entries.SelectMany(e => OrgUnitPaths.Lineage(e.OrgUnitPath)).Distinct(StringComparer.Ordinal))
        {
            var id = OrgUnitPaths.IdOf(path);
            if (known.Add(id))
                newUnits.Add(new PlannedOrgUnit(id, OrgUnitPaths.NameOf(path), OrgUnitPaths.ParentOf(path) is { } parent ? OrgUnitPaths.IdOf(parent) : null, path));
        }

        var added = new List<PlannedEmployee>();
        var changed = new List<EmployeeChange>();
        var moved = new List<EmployeeMove>();
        var leaving = new List<EmployeeLeaving>();
        var unchanged = 0;
        foreach (var entry in entries)
        {
            employees.TryGetValue(entry.EmployeeId, out var stored);
            if (entry.LeavesOn is { } leavesOn && leavesOn != stored?.LeavesOn)
                leaving.Add(new EmployeeLeaving(entry.EmployeeId, entry.DisplayName, leavesOn, Employee.HasLeft(leavesOn, now)));
            if (stored is null)
            {
                added.Add(new PlannedEmployee(entry.EmployeeId, entry.DisplayName, entry.OrgUnitPath));
                continue;
            }
            var fields = new List<FieldChange>();
            Compare(DirectoryFile.DisplayName, stored.DisplayName, entry.DisplayName);
            Compare(DirectoryFile.SignInName, stored.SignInIdentity, entry.SignInName);
            if (entry.ObjectId is not null)
                Compare(DirectoryFile.ObjectId, stored.ObjectId, entry.ObjectId);
            Compare(DirectoryFile.StartDate, Date(stored.StartsOn), Date(entry.StartsOn));
            Compare(DirectoryFile.LeaveDate, Date(stored.LeavesOn), Date(entry.LeavesOn));
            if (fields.Count > 0)
                changed.Add(new EmployeeChange(entry.EmployeeId, entry.DisplayName, fields));
            var isMove = stored.OrgUnitId != OrgUnitPaths.IdOf(entry.OrgUnitPath);
            if (isMove)
                moved.Add(new EmployeeMove(entry.EmployeeId, entry.DisplayName, PathOf(stored.OrgUnitId), entry.OrgUnitPath));
            if (fields.Count == 0 && !isMove)
                unchanged++;

            void Compare(string field, string? from, string? to)
            {
                if (!string.Equals(from, to, StringComparison.Ordinal))
                    fields.Add(new FieldChange(field, from, to));
            }
        }
        return new DirectoryPlan(entries.Count, inStore - employees.Count, unchanged, newUnits, added, changed, moved, leaving);

        static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        // Units are shown as the directory names them; a unit made otherwise (the demo's) by its names up to the top.
        string PathOf(string id)
        {
            var names = new List<string>();
            for (string? at = id; at is not null && units.TryGetValue(at, out var unit) && names.Count < 64; at = unit.ParentId)
                names.Insert(0, unit.Name);
            return names.Count > 0 ? string.Join('/', names) : id;
        }
    }
}
