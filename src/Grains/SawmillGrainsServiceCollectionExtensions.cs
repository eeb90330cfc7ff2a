using Microsoft.Extensions.DependencyInjection;
using Sawmill.Grains.Alerting;
using Sawmill.Grains.Indexing;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Nodes;
using Sawmill.Grains.Runtime;
using Sawmill.Grains.Storage;

namespace Sawmill.Grains;

/// <summary>The embedded mode's grains and stores in one call, for the silo and for tests that host the grains.</summary>
public static class SawmillGrainsServiceCollectionExtensions
{
    /// <summary>The SQLite file at the given path holds logs, grain state, reminders and alerts.</summary>
    public static IServiceCollection AddSqliteStorage(this IServiceCollection services, Func<IServiceProvider, string> databasePath)
    {
        services.AddSingleton(sp => new SqliteDatabase(databasePath(sp)));
        services.AddSingleton<IGrainStateStore, SqliteGrainStateStore>();
        services.AddSingleton<IReminderTable, SqliteReminderTable>();
        services.AddSingleton<ILogStore, SqliteLogStore>();
        services.AddSingleton<ILogReader>(sp => sp.GetRequiredService<ILogStore>());
        services.AddSingleton<IAlertStore, SqliteAlertStore>();
        return services;
    }

    /// <summary>The grain runtime with in-process topics, and the indexer, node and alert grains.</summary>
    public static IServiceCollection AddSawmillGrains(this IServiceCollection services)
    {
        services.AddGrainRuntime();
        services.AddGrain<IIndexerGrain, IndexerGrain>();
        services.AddNodeHealth();
        services.AddAlerting();
        return services;
    }
}
