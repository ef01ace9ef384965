using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Transparency.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class LegalHoldReferencesAndOfficerActivity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "lift_reason",
                table: "legal_holds",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "reference",
                table: "legal_holds",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_decisions_officer_at",
                table: "decisions",
                column: "at",
                filter: "actor_role = 2");

            migrationBuilder.CreateIndex(
                name: "ix_access_log_officer_at",
                table: "access_log",
                column: "at",
                filter: "actor_role = 2");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_decisions_officer_at",
                table: "decisions");

            migrationBuilder.DropIndex(
                name: "ix_access_log_officer_at",
                table: "access_log");

            migrationBuilder.DropColumn(
                name: "lift_reason",
                table: "legal_holds");

            migrationBuilder.DropColumn(
                name: "reference",
                table: "legal_holds");
        }
    }
}
