using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Transparency.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ProductionSignIn : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_employees_sign_in_identity",
                table: "employees");

            migrationBuilder.AddColumn<DateOnly>(
                name: "leaves_on",
                table: "employees",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "object_id",
                table: "employees",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "starts_on",
                table: "employees",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "data_protection_keys",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    friendly_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    xml = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_data_protection_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "past_memberships",
                columns: table => new
                {
                    employee_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    until = table.Column<DateTime>(type: "TEXT", nullable: false),
                    org_unit_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_past_memberships", x => new { x.employee_id, x.until });
                    table.ForeignKey(
                        name: "fk_past_memberships_employees_employee_id",
                        column: x => x.employee_id,
                        principalTable: "employees",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_past_memberships_org_units_org_unit_id",
                        column: x => x.org_unit_id,
                        principalTable: "org_units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "user_sessions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    account = table.Column<string>(type: "TEXT", maxLength: 250, nullable: false),
                    employee_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    roles = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    started_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    expires_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ended_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    end_reason = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_sessions", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_employees_object_id",
                table: "employees",
                column: "object_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_employees_sign_in_identity",
                table: "employees",
                column: "sign_in_identity");

            migrationBuilder.CreateIndex(
                name: "ix_past_memberships_org_unit_id_until",
                table: "past_memberships",
                columns: new[] { "org_unit_id", "until" });

            migrationBuilder.CreateIndex(
                name: "ix_user_sessions_account_started_at",
                table: "user_sessions",
                columns: new[] { "account", "started_at" });

            migrationBuilder.CreateIndex(
                name: "ix_user_sessions_employee_id",
                table: "user_sessions",
                column: "employee_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "data_protection_keys");

            migrationBuilder.DropTable(
                name: "past_memberships");

            migrationBuilder.DropTable(
                name: "user_sessions");

            migrationBuilder.DropIndex(
                name: "ix_employees_object_id",
                table: "employees");

            migrationBuilder.DropIndex(
                name: "ix_employees_sign_in_identity",
                table: "employees");

            migrationBuilder.DropColumn(
                name: "leaves_on",
                table: "employees");

            migrationBuilder.DropColumn(
                name: "object_id",
                table: "employees");

            migrationBuilder.DropColumn(
                name: "starts_on",
                table: "employees");

            migrationBuilder.CreateIndex(
                name: "ix_employees_sign_in_identity",
                table: "employees",
                column: "sign_in_identity",
                unique: true);
        }
    }
}
