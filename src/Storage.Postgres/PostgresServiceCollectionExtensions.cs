using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sawmill.Grains.Alerting;
using Sawmill.Grains.Storage;
using Sawmill.Storage.Postgres.Alerts;
using Sawmill.Storage.Postgres.Logs;

namespace Sawmill.Storage.Postgres;

/// <summary>Registers the PostgreSQL stores of the scale-out mode.</summary>
public static class PostgresServiceCollectionExtensions
{
    /// <summary>The searchable log store on PostgreSQL (options in section Storage:Postgres), as <see cref="ILogStore"/>
    /// and <see cref="ILogReader"/>, and the alert store in the same database.</summary>
    public static IServiceCollection AddPostgresStores(this IServiceCollection services)
    {
        services.AddOptions<PostgresStoreOptions>().BindConfiguration(PostgresStoreOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PostgresStoreOptions>, PostgresStoreOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PostgresLogStore>();
        services.AddSingleton<ILogStore>(sp => sp.GetRequiredService<PostgresLogStore>());
        services.AddSingleton<ILogReader>(sp => sp.GetRequiredService<PostgresLogStore>());
        services.AddSingleton<IAlertStore, PostgresAlertStore>();
        return services;
    }
}
