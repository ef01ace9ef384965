using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Transparency.Migrations.Postgres.Migrations
{
    /// <summary>
    /// Data only (ADR 0003): a keystroke record typed into a password field (kind 3, sensitivity bit 1) keeps no text.
    /// Its content keeps the top-level numbers (key count, timing) and gains the marker, as ingestion now stores it;
    /// its ingest hash, taken over the text, goes (a re-send of such a record is then answered as a conflict);
    /// and the idempotency records go, whose request hashes were taken over bodies that may have carried the text.
    /// </summary>
    public partial class WithholdPasswordFieldText : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                UPDATE capture_contents AS c
                SET json = CASE WHEN jsonb_typeof(c.json::jsonb) = 'object'
                    THEN ((SELECT COALESCE(jsonb_object_agg(e.key, e.value), '{}'::jsonb)
                           FROM jsonb_each(c.json::jsonb) AS e WHERE jsonb_typeof(e.value) = 'number')
                          || '{"textWithheld":"passwordField"}'::jsonb)::text
                    ELSE '{"textWithheld":"passwordField"}' END
                FROM capture_records AS r
                WHERE r.employee_id = c.employee_id AND r.id = c.record_id AND r.kind = 3 AND (r.sensitivity & 1) <> 0;
                """);
            migrationBuilder.Sql("UPDATE capture_records SET ingest_hash = NULL WHERE kind = 3 AND (sensitivity & 1) <> 0 AND ingest_hash IS NOT NULL;");
            // A release recorded earlier no longer makes a password-field record eligible: the days and weeks such records
            // were captured in are marked, so the home summary and the works council's cells are recomputed with the rule.
            migrationBuilder.Sql("""
                INSERT INTO summary_cell_refreshes (employee_id, id, first_day, last_day, marked_at)
                SELECT employee_id, gen_random_uuid(),
                       date_trunc('day', min(captured_at) AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',
                       date_trunc('day', max(captured_at) AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', now()
                FROM capture_records WHERE (sensitivity & 1) <> 0 AND training_choice = 2
                GROUP BY employee_id;
                """);
            migrationBuilder.Sql("""
                INSERT INTO usage_cell_refreshes (org_unit_id, week_start, marked_at, version)
                SELECT org_unit_id, week_start, now(), gen_random_uuid()
                FROM (SELECT DISTINCT e.org_unit_id, date_trunc('week', r.captured_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS week_start
                      FROM capture_records AS r JOIN employees AS e ON e.id = r.employee_id
                      WHERE (r.sensitivity & 1) <> 0 AND r.training_choice = 2) AS weeks
                ON CONFLICT (org_unit_id, week_start) DO UPDATE SET marked_at = excluded.marked_at, version = excluded.version;
                """);
            migrationBuilder.Sql("DELETE FROM idempotency_records;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Nothing to restore: the text is gone, which is the point.
        }
    }
}
