using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Transparency.Migrations.Postgres.Migrations
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    actor_id = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    actor_role = table.Column<int>(type: "integer", nullable: false),
                    format = table.Column<int>(type: "integer", nullable: false),
                    org_unit_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    query = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false)
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
