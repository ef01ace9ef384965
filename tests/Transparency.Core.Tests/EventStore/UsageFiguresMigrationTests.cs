using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Rollups;
using Transparency.Testing;

namespace Transparency.Core.Tests.EventStore;

/// <summary>
/// Stores whose works council cells were counted per kind and purpose: the migration drops them and marks their weeks,
/// and the weeks flags were raised in, so the rollup counts them again in the new figures.
/// </summary>
public sealed class UsageFiguresMigrationTests
{
    private const string Migration = "UsageFiguresPerKindWithPeople";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task The_old_cells_weeks_and_the_weeks_of_flags_are_marked_and_counted_again(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider, migrate: false);
        await using (var db = await store.Contexts.CreateDbContextAsync(Ct))
        {
            var migrations = db.Database.GetMigrations().ToList();
            var index = migrations.FindIndex(m => m.EndsWith("_" + Migration, StringComparison.Ordinal));
            Assert.True(index > 0, $"No migration {Migration}.");
            await db.GetService<IMigrator>().MigrateAsync(migrations[index - 1], Ct);
        }
        await TestData.AddPurposesOfAnEarlierSchemaAsync(store);
        await TestData.AddEmployeesAsync(store, "E-1");
        var cellWeek = UsageWeeks.StartOf(TestData.Now.AddDays(-21));
        var flagWeek = UsageWeeks.StartOf(TestData.Now.AddDays(-7));
        await using (var db = await store.Contexts.CreateDbContextAsync(Ct))
        {
            // A cell of the old shape, as the rollup left it.
            await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO usage_cells (org_unit_id, week_start, kind, purpose, records, employees, training_eligible, withheld, deleted, flagged, refreshed_at)
                VALUES ('OU-TEST', {cellWeek}, 3, 4, 12, 1, 10, 2, 0, 0, {TestData.Now})
                """, Ct);
            var decision = new Decision { EmployeeId = "E-1", Id = Guid.NewGuid(), Kind = DecisionKind.Flag, ActorId = "E-1", ActorRole = ActorRole.Employee, At = flagWeek.AddDays(2) };
            db.Decisions.Add(decision);
            db.Flags.Add(new Flag
            {
                EmployeeId = "E-1", Id = Guid.NewGuid(), DecisionId = decision.Id, RecordCount = 1, Category = FlagCategory.Other,
                RaisedAt = flagWeek.AddDays(2), ReviewState = FlagReviewState.Open,
            });
            await db.SaveChangesAsync(Ct);
        }

        await using (var db = await store.Contexts.CreateDbContextAsync(Ct))
        {
            await db.Database.MigrateAsync(Ct);
            Assert.Equal([cellWeek, flagWeek], (await db.UsageCellRefreshes.Where(m => m.OrgUnitId == "OU-TEST").Select(m => m.WeekStart).ToListAsync(Ct)).Order());
            Assert.Empty(await db.UsageCells.ToListAsync(Ct));
        }

        Assert.Equal(0, (await UsageRollups.For(store, new FakeTimeProvider(TestData.Now)).RefreshAsync(Ct)).WeeksStillStale);
        await using (var db = await store.Contexts.CreateDbContextAsync(Ct))
        {
            var cell = Assert.Single(await db.UsageCells.ToListAsync(Ct));
            Assert.Equal((flagWeek, UsageCell.AllKinds), (cell.WeekStart, cell.Kind));
            Assert.Equal(1, cell.Values[(int)UsageMeasure.FlagsRaised]);
            Assert.Equal(1, cell.Values[(int)UsageMeasure.FlagsOpen]);
            Assert.Equal(1, cell.Values[(int)UsageMeasure.EmployeesFlagging]);
            Assert.Empty(await db.UsageCellRefreshes.ToListAsync(Ct));
        }
    }
}
