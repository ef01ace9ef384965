using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Transparency.Migrations.Postgres.Migrations
{
    /// <summary>
    /// Data only: a record whose content was deleted or purged keeps no hash taken over that content, from which short
    /// content (a few keys, a window title) could be found again by hashing candidates. A re-sent id is recognised by
    /// the id alone.
    /// </summary>
    public partial class EraseHashesOfErasedContent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("UPDATE capture_records SET ingest_hash = NULL WHERE (deleted_at IS NOT NULL OR purged_at IS NOT NULL) AND ingest_hash IS NOT NULL;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Nothing to restore: the hashes are gone with the content they were taken over.
        }
    }
}
