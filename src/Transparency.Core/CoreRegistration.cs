using System.Data.Common;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Transparency.Core.Rollups;
using Transparency.Core.AccessLog;
using Transparency.Core.ApiClients;
using Transparency.Core.Decisions;
using Transparency.Core.Disclosures;
using Transparency.Core.Review;
using Transparency.Core.Demo;
using Transparency.Core.Employees;
using Transparency.Core.EventStore;
using Transparency.Core.Ingestion;
using Transparency.Core.Notices;
using Transparency.Core.Policies;
using Transparency.Core.Records;
using Transparency.Core.Register;
using Transparency.Core.Reports;
using Transparency.Core.Retention;
using Transparency.Core.Startup;
using Transparency.Core.TrainingExport;

namespace Transparency.Core;

public static class CoreRegistration
{
    public const string SqliteMigrationsAssembly = "Transparency.Migrations.Sqlite";
    public const string PostgresMigrationsAssembly = "Transparency.Migrations.Postgres";

    /// <summary>
    /// The settings sections Core reads, each registered as a singleton built from configuration: start-up resolves them
    /// all once, so a wrong value stops it with a message naming the setting.
    /// </summary>
    public static readonly IReadOnlyList<Type> Settings =
    [
        typeof(ErasureSweepOptions), typeof(IngestionOptions), typeof(TrainingExportOptions), typeof(RetentionOptions),
        typeof(UsageRollupOptions), typeof(MinimumGroupSize), typeof(DisclosureOptions), typeof(ReviewOptions),
    ];

    /// <summary>The event store (provider from <c>Store:Provider</c>) and Core's services.</summary>
    public static IServiceCollection AddTransparencyCore(this IServiceCollection services, IConfiguration config)
    {
        // Read when first needed (the start-up store check), so a bad setting surfaces there as one clear message.
        services.AddSingleton(_ => StoreOptions.From(config));
        // Pooled: a context per operation stays the rule, but a pooled one keeps its internal services (built on
        // first use, a measurable share of a short read such as a records page) instead of building them again.
        services.AddPooledDbContextFactory<TransparencyDbContext>((sp, options) => Configure(options, sp.GetRequiredService<StoreOptions>()));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<StoreInitializer>();
        services.AddSingleton(_ => ErasureSweepOptions.From(config));
        services.AddSingleton<ErasureSweep>();
        services.AddHostedService<ErasureSweepJob>();
        services.AddSingleton<StoreCompaction>();
        services.AddSingleton<DemoDataGenerator>();
        services.AddSingleton<EmployeeDirectory>();
        services.AddSingleton<SignInService>();
        services.AddSingleton<DirectoryImport>();
        services.AddSingleton<ProcessingRegister>();
        services.AddSingleton<RecordSummaryService>();
        services.AddSingleton<EligibilityExplainer>();
        services.AddSingleton<RecordQueryService>();
        services.AddSingleton<RecordDetailService>();
        services.AddSingleton<PersonalDataExport>();
        services.AddSingleton<DecisionService>();
        services.AddSingleton<StandingRuleService>();
        services.AddSingleton<AccessLogService>();
        services.AddSingleton<NoticeService>();
        services.AddSingleton<ApiClientService>();
        services.AddSingleton(_ => IngestionOptions.From(config));
        services.AddSingleton<IngestionService>();
        services.AddSingleton(_ => TrainingExportOptions.From(config));
        services.AddSingleton<TrainingExportService>();
        services.AddSingleton(_ => RetentionOptions.From(config));
        services.AddSingleton<RetentionService>();
        services.AddHostedService<RetentionPurgeJob>();
        services.AddSingleton(_ => UsageRollupOptions.From(config));
        services.AddSingleton<UsageRollupService>();
        services.AddSingleton(_ => MinimumGroupSize.From(config));
        services.AddSingleton<UsageReportService>();
        services.AddSingleton(_ => DisclosureOptions.From(config));
        services.AddSingleton<DisclosureService>();
        services.AddSingleton(_ => ReviewOptions.From(config));
        services.AddSingleton<ReviewService>();
        services.AddSingleton<LegalHoldService>();
        services.AddSingleton<PurposeEditor>();
        services.AddSingleton(sp => new SensitiveContextList(
            sp.GetRequiredService<IDbContextFactory<TransparencyDbContext>>(), sp.GetRequiredService<IngestionOptions>().SensitiveContexts, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<OfficerActivity>();
        services.AddSingleton<SummaryRollupService>();
        services.AddHostedService<RollupJob>();
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store");
        return services;
    }

    /// <summary>
    /// Keeps the data-protection key ring (what signs cookies and antiforgery tokens) in the store, so every instance of
    /// the app reads and writes the same keys: a cookie or form made by one is accepted by all.
    /// </summary>
    public static IDataProtectionBuilder PersistKeysToStore(this IDataProtectionBuilder builder)
    {
        // The key repository resolves a context per read from a scope; it is the only consumer of a scoped context.
        builder.Services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<TransparencyDbContext>>().CreateDbContext());
        return builder.PersistKeysToDbContext<TransparencyDbContext>();
    }

    /// <summary>Points a context at the configured provider and that provider's migrations assembly.</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, StoreOptions store)
    {
        switch (store.Provider)
        {
            case StoreProvider.Sqlite:
                options.UseSqlite(store.ConnectionString, o => o.MigrationsAssembly(SqliteMigrationsAssembly))
                    .AddInterceptors(SqliteSecureDelete.Instance);
                break;
            case StoreProvider.Postgres:
                options.UseNpgsql(WithConnectionDefaults(store.ConnectionString), o => o.MigrationsAssembly(PostgresMigrationsAssembly));
                break;
            default:
                throw new StoreConfigurationException($"Store:Provider '{store.Provider}' is not supported.");
        }
        return options.UseSnakeCaseNamingConvention();
    }

    /// <summary>Statements each pooled PostgreSQL connection keeps prepared unless the connection string says otherwise.</summary>
    public const int DefaultMaxAutoPrepare = 20;

    /// <summary>
    /// Npgsql prepares nothing by default, so every EF query is parsed and planned again, and the statements that
    /// repeat most (a records page, its counts, an export page) are also the longest: the eligibility rule makes
    /// them several kilobytes. With automatic preparation a connection prepares a statement on its second use and
    /// keeps the <see cref="DefaultMaxAutoPrepare"/> most used. A connection string that sets <c>Max Auto Prepare</c>
    /// (0 turns it off, e.g. behind a PgBouncer older than 1.21 in transaction mode, which cannot carry prepared
    /// statements between server connections) or <c>Auto Prepare Min Usages</c> keeps its own values.
    /// <para>
    /// Likewise <c>No Reset On Close=true</c> unless the string sets it: a connection going back to the pool then
    /// keeps its session as it is instead of sending seven reset statements ahead of its next use (about 0.1–0.2 ms
    /// on a short read such as a records page). That is safe because nothing in the app changes session state: its
    /// settings are <c>SET LOCAL</c> and its advisory locks are transaction locks, both gone at commit. Code that
    /// sets anything for the session must set it back or set <c>No Reset On Close=false</c>.
    /// </para>
    /// </summary>
    public static string WithConnectionDefaults(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            // Left as it is: the start-up store check reports a malformed string as the setting to fix.
            return connectionString;
        }
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!Mentions(given, "Max Auto Prepare"))
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        if (!Mentions(given, "Auto Prepare Min Usages"))
            builder.AutoPrepareMinUsages = 2;
        if (!Mentions(given, "No Reset On Close"))
            builder.NoResetOnClose = true;
        return builder.ConnectionString;

        // Npgsql accepts each keyword with or without its spaces, in any case.
        static bool Mentions(DbConnectionStringBuilder given, string keyword) =>
            given.Keys.Cast<string>().Any(k => string.Equals(k.Replace(" ", ""), keyword.Replace(" ", ""), StringComparison.OrdinalIgnoreCase));
    }
}
