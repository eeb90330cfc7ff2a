using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Sawmill.Grains;
using Sawmill.Grains.Alerting;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Storage;
using Sawmill.Grains.Streams;
using Sawmill.Storage.Sqlite.Alerts;
using Sawmill.Storage.Sqlite.GrainStorage;
using Sawmill.Storage.Sqlite.Logs;
using Sawmill.Storage.Sqlite.Reminders;
using Sawmill.Storage.Sqlite.Streams;

namespace Sawmill.Storage.Sqlite;

/// <summary>The embedded mode's providers, each registered by its own method: a data folder holds sawmill.db (logs,
/// alerts, grain state, reminders) and streams.db (the durable stream queues).</summary>
public static class SqliteSiloBuilderExtensions
{
    /// <summary>Everything the grains need, on SQLite files in the data folder, but for what another provider carries:
    /// the streams unless <paramref name="streams"/> (Kafka's), the grain state and reminders unless
    /// <paramref name="clusterState"/> (Redis'), the log and alert stores unless <paramref name="stores"/> (PostgreSQL's).</summary>
    public static ISiloBuilder UseSawmillSqlite(this ISiloBuilder silo, Func<IServiceProvider, string> dataDirectory, bool streams = true, bool clusterState = true, bool stores = true)
    {
        silo.Services.AddSingleton(sp => new SqliteDatabase(Path.Combine(dataDirectory(sp), "sawmill.db")));
        if (stores) silo.Services.AddSqliteStores();
        if (clusterState) silo.AddSqliteGrainStorage(StorageNames.GrainState).UseSqliteReminderService();
        return streams ? silo.AddSqliteStreams(sp => Path.Combine(dataDirectory(sp), "streams.db")) : silo;
    }

    /// <summary>The searchable log store (partition files under logs/, options in section Storage) and the alert store in sawmill.db.</summary>
    public static IServiceCollection AddSqliteStores(this IServiceCollection services)
    {
        services.AddOptions<LogStoreOptions>().BindConfiguration(LogStoreOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LogStoreOptions>, LogStoreOptionsValidator>();
        services.AddSingleton<SqliteLogStore>();
        services.AddSingleton<ILogStore>(sp => sp.GetRequiredService<SqliteLogStore>());
        services.AddSingleton<ILogReader>(sp => sp.GetRequiredService<SqliteLogStore>());
        services.AddSingleton<IAlertStore, SqliteAlertStore>();
        return services;
    }

    /// <summary>Orleans grain storage <paramref name="name"/> in sawmill.db.</summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder silo, string name)
    {
        silo.Services.AddSingleton<SqliteGrainStorage>();
        silo.Services.AddGrainStorage(name, (sp, _) => sp.GetRequiredService<SqliteGrainStorage>());
        return silo;
    }

    /// <summary>Orleans reminders with their table in sawmill.db.</summary>
    public static ISiloBuilder UseSqliteReminderService(this ISiloBuilder silo)
    {
        silo.AddReminders();
        silo.Services.AddSingleton<Orleans.IReminderTable, SqliteReminderTable>();
        return silo;
    }

    /// <summary>The three topics as Orleans persistent stream providers over one durable stream log, consumed through
    /// implicit subscriptions only; the log also reports each partition's backlog (<see cref="IStreamBacklog"/>).</summary>
    public static ISiloBuilder AddSqliteStreams(this ISiloBuilder silo, Func<IServiceProvider, string> path)
    {
        silo.Services.AddOptions<SqliteStreamOptions>()
            .BindConfiguration(SqliteStreamOptions.SectionName)
            .Validate(o => o.QueueCapacity > 0 && o.PublishTimeout >= TimeSpan.Zero && o.CacheSize >= 10 && o.PollPeriod > TimeSpan.Zero,
                "Streams: QueueCapacity and PollPeriod must be positive and CacheSize at least 10.")
            .ValidateOnStart();
        silo.Services.AddSingleton(sp => new SqliteStreamLog(path(sp), sp.GetRequiredService<Serializer>(),
            sp.GetRequiredService<IOptions<SqliteStreamOptions>>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SqliteStreamLog>>()));
        silo.Services.AddSingleton<IStreamBacklog>(sp => sp.GetRequiredService<SqliteStreamLog>());
        foreach (var topic in Topics.All)
        {
            silo.AddPersistentStreams(topic, SqliteQueueAdapterFactory.Create, stream =>
            {
                stream.ConfigureStreamPubSub(Orleans.Streams.StreamPubSubType.ImplicitOnly);
                // One batch per delivery (Orleans' default): a delivery of several moves the agent's cursor past all of
                // them first, so its cache could confirm batches (and the backlog clear) before they were delivered.
                stream.ConfigurePullingAgent(agent => agent.Configure<IOptions<SqliteStreamOptions>>((o, sqlite) =>
                {
                    o.GetQueueMsgsTimerPeriod = sqlite.Value.PollPeriod;
                    o.HoldUntilDelivered();
                }));
            });
        }
        return silo;
    }
}
