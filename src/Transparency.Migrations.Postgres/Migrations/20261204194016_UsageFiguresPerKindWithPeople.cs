using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Transparency.Migrations.Postgres.Migrations
{
    /// <summary>
    /// The works council's figures per org unit, week and capture kind (and all kinds), each with the people behind it,
    /// replace the cells per kind and purpose; they are derived, so the old cells go and their weeks are counted again.
    /// Employees' downloads of their own data are kept, as a right used.
    /// </summary>
    public partial class UsageFiguresPerKindWithPeople : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The figures are derived from the records: every org unit week that had cells, and the week of every flag
            // raised (flags now count in the week they were raised), is marked, and the rollup counts it again.
            migrationBuilder.Sql("""
                INSERT INTO usage_cell_refreshes (org_unit_id, week_start, marked_at, version)
                SELECT org_unit_id, week_start, now(),
                       gen_random_uuid()
                FROM (SELECT c.org_unit_id, c.week_start FROM usage_cells AS c
                      UNION
                      SELECT e.org_unit_id, date_trunc('week', f.raised_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' FROM flags AS f JOIN employees AS e ON e.id = f.employee_id) AS marks
                ON CONFLICT (org_unit_id, week_start) DO UPDATE SET marked_at = excluded.marked_at, version = excluded.version;
                """);

            migrationBuilder.DropTable(
                name: "usage_cells");

            migrationBuilder.CreateTable(
                name: "usage_figures",
                columns: table => new
                {
                    org_unit_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    week_start = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    values = table.Column<int[]>(type: "integer[]", nullable: false),
                    people = table.Column<int[]>(type: "integer[]", nullable: false),
                    movers = table.Column<int>(type: "integer", nullable: false),
                    refreshed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_usage_figures", x => new { x.org_unit_id, x.week_start, x.kind });
                    table.ForeignKey(
                        name: "fk_usage_figures_org_units_org_unit_id",
                        column: x => x.org_unit_id,
                        principalTable: "org_units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_usage_figures_week_start",
                table: "usage_figures",
                column: "week_start");

            migrationBuilder.CreateTable(
                name: "own_downloads",
                columns: table => new
                {
                    employee_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_own_downloads", x => new { x.employee_id, x.id });
                    table.ForeignKey(
                        name: "fk_own_downloads_employees_employee_id",
                        column: x => x.employee_id,
                        principalTable: "employees",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_own_downloads_employee_id_at",
                table: "own_downloads",
                columns: new[] { "employee_id", "at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Counted again in the earlier shape by the rollup.
            migrationBuilder.Sql("""
                INSERT INTO usage_cell_refreshes (org_unit_id, week_start, marked_at, version)
                SELECT org_unit_id, week_start, now(),
                       gen_random_uuid()
                FROM (SELECT c.org_unit_id, c.week_start FROM usage_figures AS c
                      UNION
                      SELECT e.org_unit_id, date_trunc('week', f.raised_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' FROM flags AS f JOIN employees AS e ON e.id = f.employee_id) AS marks
                ON CONFLICT (org_unit_id, week_start) DO UPDATE SET marked_at = excluded.marked_at, version = excluded.version;
                """);

            migrationBuilder.DropTable(
                name: "own_downloads");

            migrationBuilder.DropTable(
                name: "usage_figures");

            migrationBuilder.CreateTable(
                name: "usage_cells",
                columns: table => new
                {
                    org_unit_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    week_start = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    purpose = table.Column<int>(type: "integer", nullable: false),
                    records = table.Column<int>(type: "integer", nullable: false),
                    employees = table.Column<int>(type: "integer", nullable: false),
                    training_eligible = table.Column<int>(type: "integer", nullable: false),
                    withheld = table.Column<int>(type: "integer", nullable: false),
                    deleted = table.Column<int>(type: "integer", nullable: false),
                    flagged = table.Column<int>(type: "integer", nullable: false),
                    refreshed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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

            migrationBuilder.CreateIndex(
                name: "ix_usage_cells_week_start",
                table: "usage_cells",
                column: "week_start");
        }
    }
}
