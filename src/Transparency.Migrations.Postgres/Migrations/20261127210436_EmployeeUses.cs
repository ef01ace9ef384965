using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Transparency.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class EmployeeUses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "employee_uses",
                columns: table => new
                {
                    employee_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    purpose = table.Column<int>(type: "integer", nullable: false),
                    since = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_employee_uses", x => new { x.employee_id, x.kind, x.purpose });
                    table.ForeignKey(
                        name: "fk_employee_uses_employees_employee_id",
                        column: x => x.employee_id,
                        principalTable: "employees",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "employee_uses");
        }
    }
}
