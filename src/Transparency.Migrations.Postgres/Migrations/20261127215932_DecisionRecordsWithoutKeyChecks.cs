using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Transparency.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class DecisionRecordsWithoutKeyChecks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_decision_records_capture_records_employee_id_record_id",
                table: "decision_records");

            migrationBuilder.DropForeignKey(
                name: "fk_decision_records_decisions_employee_id_decision_id",
                table: "decision_records");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddForeignKey(
                name: "fk_decision_records_capture_records_employee_id_record_id",
                table: "decision_records",
                columns: new[] { "employee_id", "record_id" },
                principalTable: "capture_records",
                principalColumns: new[] { "employee_id", "id" },
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_decision_records_decisions_employee_id_decision_id",
                table: "decision_records",
                columns: new[] { "employee_id", "decision_id" },
                principalTable: "decisions",
                principalColumns: new[] { "employee_id", "id" },
                onDelete: ReferentialAction.Restrict);
        }
    }
}
