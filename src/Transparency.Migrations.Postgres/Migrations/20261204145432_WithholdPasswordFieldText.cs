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
            migrationBuilder.Sql("DELETE FROM idempotency_records;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Nothing to restore: the text is gone, which is the point.
        }
    }
}
