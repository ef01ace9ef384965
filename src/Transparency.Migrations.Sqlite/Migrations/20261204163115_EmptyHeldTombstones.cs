using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Transparency.Migrations.Sqlite.Migrations
{
    /// <summary>
    /// Data only: a deleted or purged record's row is its tombstone and keeps exactly the employee, id, kind, capture time,
    /// and when and why it was erased, so the context columns of the tombstones already held are emptied.
    /// The days and weeks of those tombstones are marked, so the home summary and the works council's cells count them
    /// as they are now counted (under no purpose). The idempotency records go: their request hashes were taken over
    /// content hashes, so erased content could be tried against them; they are now taken over record ids only.
    /// </summary>
    public partial class EmptyHeldTombstones : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                INSERT INTO summary_cell_refreshes (employee_id, id, first_day, last_day, marked_at)
                SELECT employee_id,
                       upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-a'
                             || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
                       date(min(captured_at)) || ' 00:00:00', date(max(captured_at)) || ' 00:00:00', strftime('%Y-%m-%d %H:%M:%S', 'now')
                FROM capture_records WHERE deleted_at IS NOT NULL OR purged_at IS NOT NULL
                GROUP BY employee_id;
                """);
            // Each week in the tombstone's employee's unit, and in every unit that has cells that week (moves).
            migrationBuilder.Sql("""
                WITH weeks AS (
                    SELECT DISTINCT r.employee_id, date(r.captured_at, 'weekday 0', '-6 days') || ' 00:00:00' AS week_start
                    FROM capture_records AS r WHERE r.deleted_at IS NOT NULL OR r.purged_at IS NOT NULL)
                INSERT INTO usage_cell_refreshes (org_unit_id, week_start, marked_at, version)
                SELECT org_unit_id, week_start, strftime('%Y-%m-%d %H:%M:%S', 'now'),
                       upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-a'
                             || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
                FROM (SELECT e.org_unit_id, w.week_start FROM weeks AS w JOIN employees AS e ON e.id = w.employee_id
                      UNION
                      SELECT c.org_unit_id, c.week_start FROM usage_cells AS c WHERE c.week_start IN (SELECT week_start FROM weeks)) AS marks
                WHERE true
                ON CONFLICT (org_unit_id, week_start) DO UPDATE SET marked_at = excluded.marked_at, version = excluded.version;
                """);
            migrationBuilder.Sql("""
                UPDATE capture_records
                SET received_at = NULL, device_id = NULL, application = NULL, site = NULL, source_agent = NULL, summary = NULL,
                    sensitivity = 0, purposes = 0, ingest_hash = NULL, training_choice = 0, previous_training_choice = 0,
                    has_open_flag = 0, last_decision_id = CASE WHEN deleted_at IS NULL THEN NULL ELSE last_decision_id END
                WHERE deleted_at IS NOT NULL OR purged_at IS NOT NULL;
                """);
            migrationBuilder.Sql("DELETE FROM idempotency_records;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Nothing to restore: what a tombstone does not keep is gone, which is the point.
        }
    }
}
