using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Sawmill.Storage.Sqlite.Logs;

/// <summary>A statement prepared on a connection's own handle and bound through SQLite's C API: the writer's per-row
/// inserts without Microsoft.Data.Sqlite's per-execution binders, boxed values and UTF-8 copies (text is bound as the
/// string's UTF-16 span; SQLite converts it). It takes part in the connection's transaction like any statement.
/// Parameters are by position, from 1; every execution binds all of them.</summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public RawStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle!;
        var rc = raw.sqlite3_prepare_v2(_db, sql, out _statement);
        SqliteException.ThrowExceptionForRC(rc, _db);
    }

    public RawStatement Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    public RawStatement Bind(int index, long? value) => value is { } v ? Bind(index, v) : Check(raw.sqlite3_bind_null(_statement, index));

    public RawStatement Bind(int index, double? value)
        => Check(value is { } v ? raw.sqlite3_bind_double(_statement, index, v) : raw.sqlite3_bind_null(_statement, index));

    /// <summary>A value that is a blob (<c>byte[]</c>) or text.</summary>
    public RawStatement Bind(int index, object value) => value is byte[] blob
        ? Check(raw.sqlite3_bind_blob(_statement, index, blob.AsSpan()))
        : Bind(index, (string)value);

    public RawStatement Bind(int index, string? value)
        => Check(value is null ? raw.sqlite3_bind_null(_statement, index) : raw.sqlite3_bind_text16(_statement, index, value.AsSpan()));

    /// <summary>Runs the statement to its end and returns the rows it changed.</summary>
    public int Execute()
    {
        try
        {
            int rc;
            while ((rc = raw.sqlite3_step(_statement)) == raw.SQLITE_ROW) { }
            if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, _db);
            return raw.sqlite3_changes(_db);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    public void Dispose() => _statement.Dispose();

    private RawStatement Check(int rc)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _db);
        return this;
    }
}
