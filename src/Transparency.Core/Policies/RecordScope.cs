using Transparency.Core.EventStore;

namespace Transparency.Core.Policies;

/// <summary>
/// Scope by construction (DESIGN rule 4): the only way into an employee's records, decisions and
/// rules on an employee path. Each query starts from the employee's id, which also makes it a
/// single-shard query once the store is distributed by employee.
/// </summary>
public static class RecordScope
{
    public static IQueryable<CaptureRecord> RecordsOf(this TransparencyDbContext db, EmployeeId employee) =>
        db.CaptureRecords.Where(r => r.EmployeeId == employee.Value);

    public static IQueryable<Decision> DecisionsOf(this TransparencyDbContext db, EmployeeId employee) =>
        db.Decisions.Where(d => d.EmployeeId == employee.Value);

    public static IQueryable<StandingRule> RulesOf(this TransparencyDbContext db, EmployeeId employee) =>
        db.StandingRules.Where(s => s.EmployeeId == employee.Value);

    public static IQueryable<Flag> FlagsOf(this TransparencyDbContext db, EmployeeId employee) =>
        db.Flags.Where(f => f.EmployeeId == employee.Value);

    public static IQueryable<AccessLogEntry> AccessLogOf(this TransparencyDbContext db, EmployeeId employee) =>
        db.AccessLog.Where(a => a.EmployeeId == employee.Value);

    public static IQueryable<LegalHold> LegalHoldsOf(this TransparencyDbContext db, EmployeeId employee) =>
        db.LegalHolds.Where(h => h.EmployeeId == employee.Value);
}
