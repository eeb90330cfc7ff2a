using Microsoft.Data.Sqlite;

namespace Sawmill.Storage.Sqlite;

/// <summary>A SQLite file of the embedded mode in WAL mode: sawmill.db (logs, alerts, grain state, reminders) or streams.db.</summary>
public sealed class SqliteDatabase : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly Lazy<SqliteWriteQueue> _writes;

    public SqliteDatabase(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _writes = new Lazy<SqliteWriteQueue>(() => new SqliteWriteQueue(this));
        using var connection = Open();
        // WAL survives a process crash after commit with synchronous=NORMAL; readers never block the writer.
        Execute(connection, "PRAGMA journal_mode=WAL;");
    }

    /// <summary>The full path of the database file.</summary>
    public string Path { get; }

    /// <summary>Opens a connection with the per-connection pragmas applied.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA temp_store=MEMORY; PRAGMA foreign_keys=ON;");
        return connection;
    }

    /// <summary>The one writer of the small stores (grain state, reminders, alerts): their writes share transactions
    /// and never contend with each other for SQLite's write lock (the log store has its own writer).</summary>
    public SqliteWriteQueue Writes => _writes.Value;

    public async ValueTask DisposeAsync()
    {
        if (_writes.IsValueCreated) await _writes.Value.DisposeAsync();
    }

    /// <summary>Runs SQL that returns no rows (schema, pragmas).</summary>
    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
