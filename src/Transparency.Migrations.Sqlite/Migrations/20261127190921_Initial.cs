using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Transparency.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "api_clients",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    key_prefix = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    key_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    scopes = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    revoked_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_api_clients", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "org_units",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    parent_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_org_units", x => x.id);
                    table.ForeignKey(
                        name: "fk_org_units_org_units_parent_id",
                        column: x => x.parent_id,
                        principalTable: "org_units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "purposes",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "TEXT", nullable: false),
                    legal_basis = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    recipients = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    retention_days = table.Column<int>(type: "INTEGER", nullable: false),
                    withholdable = table.Column<bool>(type: "INTEGER", nullable: false),
                    fides_data_use = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_purposes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "export_batches",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    api_client_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    started_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    completed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    record_count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_export_batches", x => x.id);
                    table.ForeignKey(
                        name: "fk_export_batches_api_clients_api_client_id",
                        column: x => x.api_client_id,
                        principalTable: "api_clients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "idempotency_records",
                columns: table => new
                {
                    api_client_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    request_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    status_code = table.Column<int>(type: "INTEGER", nullable: false),
                    response_body = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_idempotency_records", x => new { x.api_client_id, x.key });
                    table.ForeignKey(
                        name: "fk_idempotency_records_api_clients_api_client_id",
                        column: x => x.api_client_id,
                        principalTable: "api_clients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "employees",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    display_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    org_unit_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    sign_in_identity = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_employees", x => x.id);
                    table.ForeignKey(
                        name: "fk_employees_org_units_org_unit_id",
                        column: x => x.org_unit_id,
                        principalTable: "org_units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "access_log",
                columns: table => new
                {
                    employee_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    actor_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    actor_role = table.Column<int>(type: "INTEGER", nullable: false),
                    channel = table.Column<int>(type: "INTEGER", nullable: false),
                    why = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    record_count = table.Column<int>(type: "INTEGER", nullable: false),
                    export_batch_id = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_access_log", x => new { x.employee_id, x.id });
                    table.ForeignKey(
                        name: "fk_access_log_employees_employee_id",
                        column: x => x.employee_id,
                        principalTable: "employees",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "capture_records",
                columns: table => new
                {
                    employee_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    captured_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    received_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    device_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    application = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    site = table.Column<string>(type: "TEXT", maxLength: 253, nullable: true),
                    source_agent = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    summary = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    sensitivity = table.Column<int>(type: "INTEGER", nullable: false),
                    ingest_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    purposes = table.Column<int>(type: "INTEGER", nullable: false),
                    training_choice = table.Column<int>(type: "INTEGER", nullable: false),
                    has_open_flag = table.Column<bool>(type: "INTEGER", nullable: false),
                    deleted_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    redacted_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    purged_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    last_decision_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    previous_training_choice = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_capture_records", x => new { x.employee_id, x.id });
                    table.ForeignKey(
                        name: "fk_capture_records_employees_employee_id",
                        column: x => x.employee_id,
                        principalTable: "employees",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "decisions",
                columns: table => new
                {
                    employee_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    record_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    standing_rule_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    legal_hold_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    filter = table.Column<string>(type: "TEXT", nullable: true),
                    record_count = table.Column<int>(type: "INTEGER", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    actor_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    actor_role = table.Column<int>(type: "INTEGER", nullable: false),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_decisions", x => new { x.employee_id, x.id });
                    table.ForeignKey(
                        name: "fk_decisions_employees_employee_id",
                        column: x => x.employee_id,
                        principalTable: "employees",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "legal_holds",
                columns: table => new
                {
                    employee_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    captured_from = table.Column<DateTime>(type: "TEXT", nullable: true),
                    captured_before = table.Column<DateTime>(type: "TEXT", nullable: true),
                    placed_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    placed_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    lifted_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    lifted_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_legal_holds", x => new { x.employee_id, x.id });
                    table.ForeignKey(
                        name: "fk_legal_holds_employees_employee_id",
                        column: x => x.employee_id,
                        principalTable: "employees",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "notices",
                columns: table => new
                {
                    employee_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    text = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    link = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    read_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notices", x => new { x.employee_id, x.id });
                    table.ForeignKey(
                        name: "fk_notices_employees_employee_id",
                        column: x => x.employee_id,
                        principalTable: "employees",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "standing_rules",
                columns: table => new
                {
                    employee_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kind = table.Column<int>(type: "INTEGER", nullable: true),
                    application = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    site = table.Column<string>(type: "TEXT", maxLength: 253, nullable: true),
                    captured_from = table.Column<DateTime>(type: "TEXT", nullable: true),
                    captured_before = table.Column<DateTime>(type: "TEXT", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    removed_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_standing_rules", x => new { x.employee_id, x.id });
                    table.ForeignKey(
                        name: "fk_standing_rules_employees_employee_id",
                        column: x => x.employee_id,
                        principalTable: "employees",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "capture_contents",
                columns: table => new
                {
                    employee_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    record_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    json = table.Column<string>(type: "TEXT", nullable: false),
                    snapshot = table.Column<byte[]>(type: "BLOB", nullable: true),
                    snapshot_media_type = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_capture_contents", x => new { x.employee_id, x.record_id });
                    table.ForeignKey(
                        name: "fk_capture_contents_capture_records_employee_id_record_id",
                        columns: x => new { x.employee_id, x.record_id },
                        principalTable: "capture_records",
                        principalColumns: new[] { "employee_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "export_receipts",
                columns: table => new
                {
                    employee_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    record_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    export_batch_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    exported_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_export_receipts", x => new { x.employee_id, x.record_id, x.export_batch_id });
                    table.ForeignKey(
                        name: "fk_export_receipts_capture_records_employee_id_record_id",
                        columns: x => new { x.employee_id, x.record_id },
                        principalTable: "capture_records",
                        principalColumns: new[] { "employee_id", "id" },
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_export_receipts_export_batches_export_batch_id",
                        column: x => x.export_batch_id,
                        principalTable: "export_batches",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "decision_records",
                columns: table => new
                {
                    employee_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    decision_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    record_id = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_decision_records", x => new { x.employee_id, x.decision_id, x.record_id });
                    table.ForeignKey(
                        name: "fk_decision_records_capture_records_employee_id_record_id",
                        columns: x => new { x.employee_id, x.record_id },
                        principalTable: "capture_records",
                        principalColumns: new[] { "employee_id", "id" },
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_decision_records_decisions_employee_id_decision_id",
                        columns: x => new { x.employee_id, x.decision_id },
                        principalTable: "decisions",
                        principalColumns: new[] { "employee_id", "id" },
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "flags",
                columns: table => new
                {
                    employee_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    decision_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    record_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    record_count = table.Column<int>(type: "INTEGER", nullable: false),
                    category = table.Column<int>(type: "INTEGER", nullable: false),
                    note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    raised_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    review_state = table.Column<int>(type: "INTEGER", nullable: false),
                    resolved_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    resolved_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    resolution = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_flags", x => new { x.employee_id, x.id });
                    table.ForeignKey(
                        name: "fk_flags_capture_records_employee_id_record_id",
                        columns: x => new { x.employee_id, x.record_id },
                        principalTable: "capture_records",
                        principalColumns: new[] { "employee_id", "id" },
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_flags_decisions_employee_id_decision_id",
                        columns: x => new { x.employee_id, x.decision_id },
                        principalTable: "decisions",
                        principalColumns: new[] { "employee_id", "id" },
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "revocations",
                columns: table => new
                {
                    employee_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    record_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    export_batch_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    reasons = table.Column<int>(type: "INTEGER", nullable: false),
                    reason_class = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ineligible_since = table.Column<DateTime>(type: "TEXT", nullable: false),
                    recorded_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_revocations", x => new { x.employee_id, x.record_id, x.export_batch_id });
                    table.ForeignKey(
                        name: "fk_revocations_export_receipts_employee_id_record_id_export_batch_id",
                        columns: x => new { x.employee_id, x.record_id, x.export_batch_id },
                        principalTable: "export_receipts",
                        principalColumns: new[] { "employee_id", "record_id", "export_batch_id" },
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_access_log_employee_id_at",
                table: "access_log",
                columns: new[] { "employee_id", "at" },
                descending: new[] { false, true });

            migrationBuilder.CreateIndex(
                name: "ix_api_clients_key_hash",
                table: "api_clients",
                column: "key_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_api_clients_name",
                table: "api_clients",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_capture_records_employee_captured",
                table: "capture_records",
                columns: new[] { "employee_id", "captured_at", "id" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_capture_records_received",
                table: "capture_records",
                columns: new[] { "received_at", "employee_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_decision_records_employee_id_record_id",
                table: "decision_records",
                columns: new[] { "employee_id", "record_id" });

            migrationBuilder.CreateIndex(
                name: "ix_decisions_employee_id_at",
                table: "decisions",
                columns: new[] { "employee_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_decisions_employee_id_record_id",
                table: "decisions",
                columns: new[] { "employee_id", "record_id" });

            migrationBuilder.CreateIndex(
                name: "ix_employees_org_unit_id",
                table: "employees",
                column: "org_unit_id");

            migrationBuilder.CreateIndex(
                name: "ix_employees_sign_in_identity",
                table: "employees",
                column: "sign_in_identity",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_export_batches_api_client_id",
                table: "export_batches",
                column: "api_client_id");

            migrationBuilder.CreateIndex(
                name: "ix_export_batches_started_at",
                table: "export_batches",
                column: "started_at");

            migrationBuilder.CreateIndex(
                name: "ix_export_receipts_batch",
                table: "export_receipts",
                column: "export_batch_id");

            migrationBuilder.CreateIndex(
                name: "ix_export_receipts_employee_id_export_batch_id",
                table: "export_receipts",
                columns: new[] { "employee_id", "export_batch_id" });

            migrationBuilder.CreateIndex(
                name: "ix_flags_employee_id_decision_id",
                table: "flags",
                columns: new[] { "employee_id", "decision_id" });

            migrationBuilder.CreateIndex(
                name: "ix_flags_employee_id_record_id",
                table: "flags",
                columns: new[] { "employee_id", "record_id" });

            migrationBuilder.CreateIndex(
                name: "ix_flags_review_state_raised_at",
                table: "flags",
                columns: new[] { "review_state", "raised_at" });

            migrationBuilder.CreateIndex(
                name: "ix_idempotency_records_created_at",
                table: "idempotency_records",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_legal_holds_employee_id_lifted_at",
                table: "legal_holds",
                columns: new[] { "employee_id", "lifted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_notices_employee_id_at",
                table: "notices",
                columns: new[] { "employee_id", "at" },
                descending: new[] { false, true });

            migrationBuilder.CreateIndex(
                name: "ix_org_units_parent_id",
                table: "org_units",
                column: "parent_id");

            migrationBuilder.CreateIndex(
                name: "ix_revocations_sequence",
                table: "revocations",
                column: "sequence",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_standing_rules_employee_id_removed_at",
                table: "standing_rules",
                columns: new[] { "employee_id", "removed_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "access_log");

            migrationBuilder.DropTable(
                name: "capture_contents");

            migrationBuilder.DropTable(
                name: "decision_records");

            migrationBuilder.DropTable(
                name: "flags");

            migrationBuilder.DropTable(
                name: "idempotency_records");

            migrationBuilder.DropTable(
                name: "legal_holds");

            migrationBuilder.DropTable(
                name: "notices");

            migrationBuilder.DropTable(
                name: "purposes");

            migrationBuilder.DropTable(
                name: "revocations");

            migrationBuilder.DropTable(
                name: "standing_rules");

            migrationBuilder.DropTable(
                name: "decisions");

            migrationBuilder.DropTable(
                name: "export_receipts");

            migrationBuilder.DropTable(
                name: "capture_records");

            migrationBuilder.DropTable(
                name: "export_batches");

            migrationBuilder.DropTable(
                name: "employees");

            migrationBuilder.DropTable(
                name: "api_clients");

            migrationBuilder.DropTable(
                name: "org_units");
        }
    }
}
