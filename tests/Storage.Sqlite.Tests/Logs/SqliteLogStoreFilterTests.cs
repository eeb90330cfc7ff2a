using Sawmill.LogStore.Contract;

namespace Sawmill.Storage.Sqlite.Tests.Logs;

/// <summary>The store contract's <see cref="FilterContract"/> on SQLite partition files.</summary>
public sealed class SqliteLogStoreFilterTests : FilterContract
{
    protected override Task<StoreHarness> OpenAsync(StoreSetup? setup = null) => LogStoreHarness.OpenAsync(setup);
}
