using Microsoft.EntityFrameworkCore;
using Transparency.Core.EventStore;
using Transparency.Core.Register;

namespace Transparency.Testing;

/// <summary>Small, explicit store contents for tests: an org unit, employees, the register, and records.</summary>
public static class TestData
{
    public static readonly DateTime Now = new(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc);

    public static async Task<List<Employee>> AddEmployeesAsync(TestStore store, params string[] ids)
    {
        await using var db = await store.Contexts.CreateDbContextAsync();
        if (!db.OrgUnits.Any(o => o.Id == "OU-TEST"))
            db.OrgUnits.Add(new OrgUnit { Id = "OU-TEST", Name = "Test unit" });
        if (!db.Purposes.Any())
            db.Purposes.AddRange(ProcessingRegister.Defaults.Select(Copy));
        var employees = ids.Select(id => new Employee
        {
            Id = id, DisplayName = $"Employee {id}", OrgUnitId = "OU-TEST", SignInIdentity = $"{id.ToLowerInvariant()}@test",
        }).ToList();
        db.Employees.AddRange(employees);
        await db.SaveChangesAsync();
        return employees;
    }

    public static CaptureRecord Record(string employeeId, DateTime? capturedAt = null, CaptureKind kind = CaptureKind.Keystrokes,
        Purposes purposes = Purposes.OperationalTelemetry | Purposes.ModelTraining, string application = "Outlook", string? site = null,
        SensitivityTags sensitivity = SensitivityTags.None) => new()
    {
        EmployeeId = employeeId,
        Id = Guid.NewGuid(),
        CapturedAt = capturedAt ?? Now.AddHours(-1),
        ReceivedAt = capturedAt ?? Now.AddHours(-1),
        Kind = kind,
        DeviceId = "LT-0001",
        Application = application,
        Site = site,
        SourceAgent = "capture-agent/2.3.1",
        Summary = $"{kind} in {application}",
        Sensitivity = sensitivity,
        Purposes = purposes,
        Content = new CaptureContent { EmployeeId = employeeId, Json = """{"text":"hello"}""" },
    };

    /// <summary>
    /// The register's purposes written with the columns every migration has, for a test that fills a store migrated only part
    /// of the way (the current model would write columns a later migration adds). <see cref="AddEmployeesAsync"/> then adds none.
    /// </summary>
    public static async Task AddPurposesOfAnEarlierSchemaAsync(TestStore store)
    {
        await using var db = await store.Contexts.CreateDbContextAsync();
        foreach (var p in ProcessingRegister.Defaults)
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO purposes (id, name, description, legal_basis, recipients, retention_days, withholdable, fides_data_use) VALUES ({(int)p.Id}, {p.Name}, {p.Description}, {p.LegalBasis}, {p.Recipients}, {p.RetentionDays}, {p.Withholdable}, {p.FidesDataUse})");
    }

    private static Purpose Copy(Purpose p) => new()
    {
        Id = p.Id, Name = p.Name, Description = p.Description, LegalBasis = p.LegalBasis, Recipients = p.Recipients,
        RetentionDays = p.RetentionDays, Withholdable = p.Withholdable, FidesDataUse = p.FidesDataUse,
    };
}
