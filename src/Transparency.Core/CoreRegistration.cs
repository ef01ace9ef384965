using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Transparency.Core.AccessLog;
using Transparency.Core.ApiClients;
using Transparency.Core.Decisions;
using Transparency.Core.Demo;
using Transparency.Core.Notices;
using Transparency.Core.Employees;
using Transparency.Core.EventStore;
using Transparency.Core.Ingestion;
using Transparency.Core.Register;
using Transparency.Core.Records;
using Transparency.Core.Reports;
using Transparency.Core.Retention;
using Transparency.Core.TrainingExport;

namespace Transparency.Core;

public static class CoreRegistration
{
    public const string SqliteMigrationsAssembly = "Transparency.Migrations.Sqlite";
    public const string PostgresMigrationsAssembly = "Transparency.Migrations.Postgres";

    /// <summary>The event store (provider from <c>Store:Provider</c>) and Core's services.</summary>
    public static IServiceCollection AddTransparencyCore(this IServiceCollection services, IConfiguration config)
    {
        // Read when first needed (the start-up store check), so a bad setting surfaces there as one clear message.
        services.AddSingleton(_ => StoreOptions.From(config));
        services.AddDbContextFactory<TransparencyDbContext>((sp, options) => Configure(options, sp.GetRequiredService<StoreOptions>()));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<StoreInitializer>();
        services.AddSingleton<DemoDataGenerator>();
        services.AddSingleton<EmployeeDirectory>();
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
        services.AddSingleton<UsageReportService>();
        services.AddHostedService<UsageRollupJob>();
        services.AddSingleton<SummaryRollupService>();
        services.AddHostedService<SummaryRollupJob>();
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store");
        return services;
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
                options.UseNpgsql(store.ConnectionString, o => o.MigrationsAssembly(PostgresMigrationsAssembly));
                break;
            default:
                throw new StoreConfigurationException($"Store:Provider '{store.Provider}' is not supported.");
        }
        return options.UseSnakeCaseNamingConvention();
    }
}
