using Sawmill.Grains.Alerting;
using Sawmill.Grains.Tests.Support;
using Sawmill.LogStore.Contract;
using Sawmill.Storage.Sqlite.Alerts;

namespace Sawmill.Storage.Sqlite.Tests.Alerts;

/// <summary>The alert store in a real SQLite file.</summary>
public sealed class SqliteAlertStoreTests : AlertStoreContract
{
    private readonly TempDirectory _directory = new();
    private SqliteDatabase? _database;

    protected override Task<IAlertStore> OpenAsync()
    {
        _database = new SqliteDatabase(_directory.File("sawmill.db"));
        return Task.FromResult<IAlertStore>(new SqliteAlertStore(_database));
    }

    public override async Task DisposeAsync()
    {
        if (_database is not null) await _database.DisposeAsync();
        _directory.Dispose();
    }
}
