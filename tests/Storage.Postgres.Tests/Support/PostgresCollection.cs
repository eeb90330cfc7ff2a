namespace Sawmill.Storage.Postgres.Tests.Support;

/// <summary>The test classes sharing one server (they run one after another, which suits two cores).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
