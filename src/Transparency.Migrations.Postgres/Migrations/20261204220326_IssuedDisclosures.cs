using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Transparency.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class IssuedDisclosures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "issued_disclosures",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    employee_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    issued_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    issued_to = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    issued_to_role = table.Column<int>(type: "integer", nullable: false),
                    period_from = table.Column<DateOnly>(type: "date", nullable: true),
                    period_to = table.Column<DateOnly>(type: "date", nullable: true),
                    subject_initials = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    subject_org_unit = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    sha256 = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    bytes = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_issued_disclosures", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_issued_disclosures_employee_id_issued_at",
                table: "issued_disclosures",
                columns: new[] { "employee_id", "issued_at" });

            migrationBuilder.CreateIndex(
                name: "ix_issued_disclosures_sha256",
                table: "issued_disclosures",
                column: "sha256",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "issued_disclosures");
        }
    }
}
