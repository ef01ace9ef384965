using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Transparency.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class SummaryRollup : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "summary_cell_refreshes",
                columns: table => new
                {
                    employee_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    first_day = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    last_day = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    marked_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_summary_cell_refreshes", x => new { x.employee_id, x.id });
                });

            migrationBuilder.CreateTable(
                name: "summary_cells",
                columns: table => new
                {
                    employee_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    day = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    purposes = table.Column<int>(type: "integer", nullable: false),
                    records = table.Column<int>(type: "integer", nullable: false),
                    eligible_within_retention = table.Column<int>(type: "integer", nullable: false),
                    withheld = table.Column<int>(type: "integer", nullable: false),
                    quarantined = table.Column<int>(type: "integer", nullable: false),
                    deleted = table.Column<int>(type: "integer", nullable: false),
                    refreshed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_summary_cells", x => new { x.employee_id, x.day, x.kind, x.purposes });
                    table.ForeignKey(
                        name: "fk_summary_cells_employees_employee_id",
                        column: x => x.employee_id,
                        principalTable: "employees",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "summary_rollup_state",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    received_up_to = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_summary_rollup_state", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_summary_cell_refreshes_marked_at",
                table: "summary_cell_refreshes",
                column: "marked_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "summary_cell_refreshes");

            migrationBuilder.DropTable(
                name: "summary_cells");

            migrationBuilder.DropTable(
                name: "summary_rollup_state");
        }
    }
}
