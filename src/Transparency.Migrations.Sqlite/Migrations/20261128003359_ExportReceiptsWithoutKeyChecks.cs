using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Transparency.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ExportReceiptsWithoutKeyChecks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_export_receipts_capture_records_employee_id_record_id",
                table: "export_receipts");

            migrationBuilder.DropForeignKey(
                name: "fk_export_receipts_export_batches_export_batch_id",
                table: "export_receipts");

            migrationBuilder.DropIndex(
                name: "ix_export_receipts_employee_id_export_batch_id",
                table: "export_receipts");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_export_receipts_employee_id_export_batch_id",
                table: "export_receipts",
                columns: new[] { "employee_id", "export_batch_id" });

            migrationBuilder.AddForeignKey(
                name: "fk_export_receipts_capture_records_employee_id_record_id",
                table: "export_receipts",
                columns: new[] { "employee_id", "record_id" },
                principalTable: "capture_records",
                principalColumns: new[] { "employee_id", "id" },
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_export_receipts_export_batches_export_batch_id",
                table: "export_receipts",
                column: "export_batch_id",
                principalTable: "export_batches",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }
    }
}
