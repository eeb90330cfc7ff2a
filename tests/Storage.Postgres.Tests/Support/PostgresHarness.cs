using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sawmill.Grains.Storage;
using Sawmill.LogStore.Contract;
using Sawmill.Storage.Postgres.Logs;

namespace Sawmill.Storage.Postgres.Tests.Support;

/// <summary>A PostgresLogStore on a fresh database of the shared test server, on the harness's manual clock.</summary>
internal sealed class PostgresHarness : StoreHarness
{
    private PostgresHarness(PostgresStoreOptions options)
    {
        Options = options;
        Store = Open();
    }

    public PostgresStoreOptions Options { get; }

    public PostgresLogStore Store { get; private set; }

    public override ILogStore LogStore => Store;

    /// <summary>A store on a new database; the setup's partition span and count limit, else the defaults.</summary>
    public static async Task<PostgresHarness> OpenAsync(PostgresServer server, StoreSetup? setup = null, Action<PostgresStoreOptions>? configure = null)
    {
        var options = new PostgresStoreOptions
        {
            ConnectionString = await server.CreateDatabaseAsync(),
            Retention = TimeSpan.FromDays(3650),
            PartitionSpan = setup?.PartitionSpan ?? TimeSpan.FromHours(1),
            CountLimit = setup?.CountLimit ?? new PostgresStoreOptions().CountLimit,
        };
        configure?.Invoke(options);
        return new PostgresHarness(options);
    }

    public override async Task ReopenAsync()
    {
        await Store.DisposeAsync();
        Store = Open();
    }

    public override async ValueTask DisposeAsync() => await Store.DisposeAsync();

    private PostgresLogStore Open() => new(Microsoft.Extensions.Options.Options.Create(Options), Time, NullLogger<PostgresLogStore>.Instance);
}
