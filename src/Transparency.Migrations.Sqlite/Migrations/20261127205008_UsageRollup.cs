using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Transparency.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class UsageRollup : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "usage_cell_refreshes",
                columns: table => new
                {
                    org_unit_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    week_start = table.Column<DateTime>(type: "TEXT", nullable: false),
                    marked_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_usage_cell_refreshes", x => new { x.org_unit_id, x.week_start });
                });

            migrationBuilder.CreateTable(
                name: "usage_cells",
                columns: table => new
                {
                    org_unit_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    week_start = table.Column<DateTime>(type: "TEXT", nullable: false),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    purpose = table.Column<int>(type: "INTEGER", nullable: false),
                    records = table.Column<int>(type: "INTEGER", nullable: false),
                    employees = table.Column<int>(type: "INTEGER", nullable: false),
                    training_eligible = table.Column<int>(type: "INTEGER", nullable: false),
                    withheld = table.Column<int>(type: "INTEGER", nullable: false),
                    deleted = table.Column<int>(type: "INTEGER", nullable: false),
                    flagged = table.Column<int>(type: "INTEGER", nullable: false),
                    refreshed_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_usage_cells", x => new { x.org_unit_id, x.week_start, x.kind, x.purpose });
                    table.ForeignKey(
                        name: "fk_usage_cells_org_units_org_unit_id",
                        column: x => x.org_unit_id,
                        principalTable: "org_units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "usage_rollup_state",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false),
                    received_up_to = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_usage_rollup_state", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_usage_cell_refreshes_marked_at",
                table: "usage_cell_refreshes",
                column: "marked_at");

            migrationBuilder.CreateIndex(
                name: "ix_usage_cells_week_start",
                table: "usage_cells",
                column: "week_start");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "usage_cell_refreshes");

            migrationBuilder.DropTable(
                name: "usage_cells");

            migrationBuilder.DropTable(
                name: "usage_rollup_state");
        }
    }
}
