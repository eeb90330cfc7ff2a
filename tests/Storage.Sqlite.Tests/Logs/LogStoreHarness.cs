using Microsoft.Extensions.Logging.Abstractions;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Storage;
using Sawmill.Grains.Tests.Support;
using Sawmill.LogStore.Contract;
using Sawmill.Storage.Sqlite;
using Sawmill.Storage.Sqlite.Logs;

namespace Sawmill.Storage.Sqlite.Tests.Logs;

/// <summary>A SqliteLogStore on a real file in a temp directory (the contract's builders come from <see cref="StoreHarness"/>).</summary>
internal sealed class LogStoreHarness : StoreHarness
{
    private readonly TempDirectory _directory;

    /// <summary>A harness for the store contract: the setup's partition span and count limit, else the defaults.</summary>
    public static Task<StoreHarness> OpenAsync(StoreSetup? setup) => Task.FromResult<StoreHarness>(new LogStoreHarness(new LogStoreOptions
    {
        Retention = TimeSpan.FromDays(3650),
        PartitionSpan = setup?.PartitionSpan ?? TimeSpan.FromHours(1),
        CountLimit = setup?.CountLimit ?? new LogStoreOptions().CountLimit,
    }));

    public LogStoreHarness(LogStoreOptions? options = null, TempDirectory? directory = null)
    {
        _directory = directory ?? new TempDirectory();
        Options = options ?? new LogStoreOptions { Retention = TimeSpan.FromDays(3650) };
        Store = Open();
    }

    public LogStoreOptions Options { get; }

    public SqliteLogStore Store { get; private set; }

    public override ILogStore LogStore => Store;

    public string DatabasePath => _directory.File("sawmill.db");

    /// <summary>The folder of the partition files.</summary>
    public string LogsPath => _directory.File("logs");

    /// <summary>The partition files, oldest first.</summary>
    public List<string> PartitionFiles() => Directory.Exists(LogsPath)
        ? Directory.GetFiles(LogsPath, "*.db").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList()
        : [];

    /// <summary>Disposes the store and opens a new one on the same file, as a restarted process would.</summary>
    public override async Task ReopenAsync()
    {
        await Store.DisposeAsync();
        Store = Open();
    }

    public override async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        _directory.Dispose();
    }

    private SqliteLogStore Open() => new(new SqliteDatabase(DatabasePath), Microsoft.Extensions.Options.Options.Create(Options), Time, NullLogger<SqliteLogStore>.Instance);
}
