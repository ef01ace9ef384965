using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Records;

namespace Transparency.Core.Decisions;

/// <summary>What an act applies to: one record, a selection of records, or every record matching a filter.</summary>
public sealed record ActTarget
{
    /// <summary>Selections larger than this are acted on by filter ("select all matching").</summary>
    public const int MaxSelection = 10_000;

    public IReadOnlyList<Guid>? RecordIds { get; private init; }
    public RecordFilter? Filter { get; private init; }

    public static ActTarget One(Guid recordId) => new() { RecordIds = [recordId] };
    public static ActTarget Selection(IEnumerable<Guid> recordIds) => new() { RecordIds = recordIds.Distinct().ToList() };
    public static ActTarget Matching(RecordFilter filter) => new() { Filter = filter };

    public bool IsSingle => RecordIds is { Count: 1 };

    public IReadOnlyList<string> Validate()
    {
        if (RecordIds is { Count: 0 })
            return ["Select at least one record."];
        if (RecordIds is { Count: > MaxSelection })
            return [$"A selection can hold at most {MaxSelection:N0} records; act on all records matching the filter instead."];
        return Filter?.Validate() ?? [];
    }

    /// <summary>The employee's records this target names (scoped: other employees' ids match nothing).</summary>
    internal IQueryable<CaptureRecord> Query(TransparencyDbContext db, EmployeeId employee, TrainingEligibility eligibility)
    {
        if (RecordIds is { } ids)
            return db.RecordsOf(employee).Where(r => ids.Contains(r.Id));
        return RecordQueryService.Matching(db, employee, Filter ?? RecordFilter.All, eligibility);
    }
}
