using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Transparency.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class RetentionPurge : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "retention_purges",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    started_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    finished_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    instance = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    records_purged = table.Column<int>(type: "INTEGER", nullable: false),
                    records_held = table.Column<int>(type: "INTEGER", nullable: false),
                    oldest_captured_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    newest_captured_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    retention = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_retention_purges", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_capture_records_content_held",
                table: "capture_records",
                columns: new[] { "purposes", "captured_at" },
                filter: "purged_at IS NULL AND deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_retention_purges_started_at",
                table: "retention_purges",
                column: "started_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "retention_purges");

            migrationBuilder.DropIndex(
                name: "ix_capture_records_content_held",
                table: "capture_records");
        }
    }
}
