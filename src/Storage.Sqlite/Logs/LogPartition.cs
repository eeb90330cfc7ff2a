using Microsoft.Data.Sqlite;

namespace Sawmill.Storage.Sqlite.Logs;

/// <summary>One partition file: the entries of [Start, End). Readers and the writer hold a reference while they use
/// it, so the retention job can drop it at any time: the files go once the last user lets go.</summary>
internal sealed class LogPartition
{
    private readonly string _connectionString;
    private int _users;
    private int _dropped;
    private int _deleted;

    public LogPartition(string path, long index, long startMicros, long endMicros)
    {
        Path = path;
        Index = index;
        StartMicros = startMicros;
        EndMicros = endMicros;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string Path { get; }

    public long Index { get; }

    public long StartMicros { get; }

    public long EndMicros { get; }

    public bool IsDropped => Volatile.Read(ref _dropped) == 1;

    /// <summary>Bytes on disk, the write-ahead log included.</summary>
    public long SizeBytes => FileSize(Path) + FileSize(Path + "-wal");

    /// <summary>Takes a reference; false once the partition was dropped (the caller skips it).</summary>
    public bool TryAcquire()
    {
        Interlocked.Increment(ref _users);
        if (Volatile.Read(ref _dropped) == 0) return true;
        Release();
        return false;
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _users) == 0 && Volatile.Read(ref _dropped) == 1) DeleteFiles();
    }

    /// <summary>No new user may take it; its files are deleted now or when the last user releases it.</summary>
    public void Drop()
    {
        if (Interlocked.Exchange(ref _dropped, 1) == 1) return;
        // Drop's own reference: whoever brings the count to zero deletes.
        Interlocked.Increment(ref _users);
        Release();
    }

    /// <summary>A connection for reading (a small page cache: the OS caches the file) or for the writer.</summary>
    public SqliteConnection Open(bool writer = false)
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        SqliteDatabase.Execute(connection, writer
            ? "PRAGMA query_only=0; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-16384; PRAGMA wal_autocheckpoint=4000;"
            : "PRAGMA query_only=1; PRAGMA cache_size=-1024; PRAGMA temp_store=MEMORY;");
        return connection;
    }

    private void DeleteFiles()
    {
        if (Interlocked.Exchange(ref _deleted, 1) == 1) return;
        using (var connection = new SqliteConnection(_connectionString)) SqliteConnection.ClearPool(connection);
        foreach (var file in new[] { Path, Path + "-wal", Path + "-shm" })
            File.Delete(file);
    }

    private static long FileSize(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? info.Length : 0;
    }
}
