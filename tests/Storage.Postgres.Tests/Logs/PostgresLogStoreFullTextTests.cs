using Sawmill.LogStore.Contract;
using Sawmill.Storage.Postgres.Tests.Support;

namespace Sawmill.Storage.Postgres.Tests.Logs;

/// <summary>The store contract's <see cref="FullTextContract"/> on a real PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresLogStoreFullTextTests(PostgresServer server) : FullTextContract
{
    protected override async Task<StoreHarness> OpenAsync(StoreSetup? setup = null) => await PostgresHarness.OpenAsync(server, setup);
}
