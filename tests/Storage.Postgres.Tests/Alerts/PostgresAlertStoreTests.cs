using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sawmill.Grains.Alerting;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Storage;
using Sawmill.Storage.Postgres.Alerts;
using Sawmill.Storage.Postgres.Logs;
using Sawmill.LogStore.Contract;
using Sawmill.Storage.Postgres.Tests.Support;

namespace Sawmill.Storage.Postgres.Tests.Alerts;

/// <summary>The alert store on a real PostgreSQL, and the registration of both stores.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresAlertStoreTests(PostgresServer server) : AlertStoreContract
{
    protected override async Task<IAlertStore> OpenAsync() =>
        new PostgresAlertStore(Options.Create(new PostgresStoreOptions { ConnectionString = await server.CreateDatabaseAsync() }));

    [Fact]
    public async Task The_registration_gives_one_log_store_for_both_interfaces_and_the_alert_store()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{PostgresStoreOptions.SectionName}:ConnectionString"] = await server.CreateDatabaseAsync(),
            [$"{PostgresStoreOptions.SectionName}:PartitionSpan"] = "00:05:00",
        }).Build();
        await using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddPostgresStores().BuildServiceProvider();

        var store = services.GetRequiredService<ILogStore>();

        Assert.Same(store, services.GetRequiredService<ILogReader>());
        Assert.IsType<PostgresAlertStore>(services.GetRequiredService<IAlertStore>());
        Assert.Equal(TimeSpan.FromMinutes(5), services.GetRequiredService<IOptions<PostgresStoreOptions>>().Value.PartitionSpan);
        Assert.Equal(0, (await store.GetStatsAsync()).Partitions);
    }
}
