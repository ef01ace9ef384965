using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Transparency.Migrations.Sqlite.Migrations
{
    /// <summary>The log of who opened or downloaded which aggregate report.</summary>
    public partial class ReportViews : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "report_views",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    actor_id = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    actor_role = table.Column<int>(type: "INTEGER", nullable: false),
                    format = table.Column<int>(type: "INTEGER", nullable: false),
                    org_unit_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    query = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_report_views", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_report_views_at",
                table: "report_views",
                column: "at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "report_views");
        }
    }
}
