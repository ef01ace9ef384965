using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Transparency.Migrations.Sqlite.Migrations
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
                UPDATE capture_contents
                SET json = CASE WHEN json_valid(json) AND json_type(json) = 'object'
                    THEN (SELECT json_insert(json_group_object(e.key, e.value), '$.textWithheld', 'passwordField')
                          FROM json_each(capture_contents.json) AS e WHERE e.type IN ('integer', 'real'))
                    ELSE '{"textWithheld":"passwordField"}' END
                WHERE EXISTS (SELECT 1 FROM capture_records AS r
                              WHERE r.employee_id = capture_contents.employee_id AND r.id = capture_contents.record_id
                                AND r.kind = 3 AND (r.sensitivity & 1) <> 0);
                """);
            migrationBuilder.Sql("UPDATE capture_records SET ingest_hash = NULL WHERE kind = 3 AND (sensitivity & 1) <> 0 AND ingest_hash IS NOT NULL;");
            // A release recorded earlier no longer makes a password-field record eligible: the days and weeks such records
            // were captured in are marked, so the home summary and the works council's cells are recomputed with the rule.
            // Instants are stored as text (yyyy-MM-dd HH:mm:ss), ids as upper-case GUID text, as EF Core writes them.
            migrationBuilder.Sql("""
                INSERT INTO summary_cell_refreshes (employee_id, id, first_day, last_day, marked_at)
                SELECT employee_id,
                       upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-a'
                             || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
                       date(min(captured_at)) || ' 00:00:00', date(max(captured_at)) || ' 00:00:00', strftime('%Y-%m-%d %H:%M:%S', 'now')
                FROM capture_records WHERE (sensitivity & 1) <> 0 AND training_choice = 2
                GROUP BY employee_id;
                """);
            migrationBuilder.Sql("""
                INSERT INTO usage_cell_refreshes (org_unit_id, week_start, marked_at, version)
                SELECT org_unit_id, week_start, strftime('%Y-%m-%d %H:%M:%S', 'now'),
                       upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-a'
                             || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
                FROM (SELECT DISTINCT e.org_unit_id, date(r.captured_at, 'weekday 0', '-6 days') || ' 00:00:00' AS week_start
                      FROM capture_records AS r JOIN employees AS e ON e.id = r.employee_id
                      WHERE (r.sensitivity & 1) <> 0 AND r.training_choice = 2) AS weeks
                WHERE true
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
