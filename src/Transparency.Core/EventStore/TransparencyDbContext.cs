using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Transparency.Core.EventStore;

/// <summary>The event store. One model for SQLite and PostgreSQL; migrations live per provider.</summary>
public sealed class TransparencyDbContext(DbContextOptions<TransparencyDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<OrgUnit> OrgUnits => Set<OrgUnit>();
    public DbSet<Employee> Employees => Set<Employee>();
    public DbSet<PastMembership> PastMemberships => Set<PastMembership>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Purpose> Purposes => Set<Purpose>();
    public DbSet<CaptureRecord> CaptureRecords => Set<CaptureRecord>();
    public DbSet<CaptureContent> CaptureContents => Set<CaptureContent>();
    public DbSet<Decision> Decisions => Set<Decision>();
    public DbSet<DecisionRecord> DecisionRecords => Set<DecisionRecord>();
    public DbSet<Notice> Notices => Set<Notice>();
    public DbSet<StandingRule> StandingRules => Set<StandingRule>();
    public DbSet<Flag> Flags => Set<Flag>();
    public DbSet<LegalHold> LegalHolds => Set<LegalHold>();
    public DbSet<AccessLogEntry> AccessLog => Set<AccessLogEntry>();
    public DbSet<OwnDownload> OwnDownloads => Set<OwnDownload>();
    public DbSet<ReportView> ReportViews => Set<ReportView>();
    public DbSet<RegisterChange> RegisterChanges => Set<RegisterChange>();
    public DbSet<SensitiveContextEntry> SensitiveContexts => Set<SensitiveContextEntry>();
    public DbSet<IssuedDisclosure> IssuedDisclosures => Set<IssuedDisclosure>();
    public DbSet<ExportBatch> ExportBatches => Set<ExportBatch>();
    public DbSet<ExportReceipt> ExportReceipts => Set<ExportReceipt>();
    public DbSet<Revocation> Revocations => Set<Revocation>();
    public DbSet<ApiClient> ApiClients => Set<ApiClient>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<RetentionPurge> RetentionPurges => Set<RetentionPurge>();
    public DbSet<UsageCell> UsageCells => Set<UsageCell>();
    public DbSet<EmployeeUse> EmployeeUses => Set<EmployeeUse>();
    public DbSet<UsageCellRefresh> UsageCellRefreshes => Set<UsageCellRefresh>();
    public DbSet<UsageRollupState> UsageRollupState => Set<UsageRollupState>();
    public DbSet<SummaryCell> SummaryCells => Set<SummaryCell>();
    public DbSet<SummaryCellRefresh> SummaryCellRefreshes => Set<SummaryCellRefresh>();
    public DbSet<SummaryRollupState> SummaryRollupState => Set<SummaryRollupState>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(TransparencyDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite keeps no time zone: every instant in the store is UTC, so say so when reading back.
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
            configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
        }
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
