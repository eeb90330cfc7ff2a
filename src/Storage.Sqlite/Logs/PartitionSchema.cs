namespace Sawmill.Storage.Sqlite.Logs;

/// <summary>The tables of one partition file. Each field of an entry is stored once: its time and level are the rowid,
/// node and service names are numbers into <c>names</c>, the full-text index keeps no copy of the text (contentless),
/// and only the fields without a column are JSON, in <c>extra</c>.</summary>
internal static class PartitionSchema
{
    // UNIQUE(log_id, node) is the per-partition half of the (node_id, log_id) rule; its index also serves GetAsync.
    // clock keeps what the rowid's microseconds do not: the sender's UTC offset (minutes) x 10 + the 100 ns ticks
    // below the microsecond, null when both are zero. shared numbers the JSON object (in names) of the row's string
    // properties whose values repeat, stored once per partition; extra holds the rest. log_id is a 16-byte blob when it is 32 hex digits (a GUID as "N"), else its text.
    public const string Create = """
        CREATE TABLE IF NOT EXISTS entries (
            id INTEGER PRIMARY KEY,
            type INTEGER NOT NULL,
            node INTEGER NOT NULL,
            service INTEGER NOT NULL,
            log_id BLOB NOT NULL,
            message TEXT NOT NULL,
            response_time_ms REAL,
            threshold_limit_ms REAL,
            error_code TEXT,
            error_message TEXT,
            extra TEXT,
            clock INTEGER,
            shared INTEGER,
            UNIQUE (log_id, node)
        );
        CREATE TABLE IF NOT EXISTS names (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
        CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5 (
            text, content = '', columnsize = 0, tokenize = 'unicode61 remove_diacritics 2'
        );
        CREATE TABLE IF NOT EXISTS rollup (
            service INTEGER NOT NULL, node INTEGER NOT NULL, bucket INTEGER NOT NULL, level INTEGER NOT NULL, n INTEGER NOT NULL,
            PRIMARY KEY (service, node, bucket, level)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS rollup_node ON rollup (node, bucket);
        CREATE TABLE IF NOT EXISTS rollup_level (
            bucket INTEGER NOT NULL, level INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (bucket, level)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
        """;

    /// <summary>Brings a file written by an earlier version of this schema up to date: the shared column came after
    /// the first partitioned files.</summary>
    public static void Upgrade(Microsoft.Data.Sqlite.SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT count(*) FROM sqlite_schema WHERE name = 'entries'), (SELECT count(*) FROM pragma_table_info('entries') WHERE name = 'shared')";
        using (var reader = command.ExecuteReader())
        {
            reader.Read();
            if (reader.GetInt64(0) == 0 || reader.GetInt64(1) == 1) return;
        }
        command.CommandText = "ALTER TABLE entries ADD COLUMN shared INTEGER";
        command.ExecuteNonQuery();
    }

    public const string Insert = """
        INSERT INTO entries (id, type, node, service, log_id, message, response_time_ms, threshold_limit_ms, error_code, error_message, extra, clock, shared)
        VALUES ($id, $type, $node, $service, $log_id, $message, $response_time_ms, $threshold_limit_ms, $error_code, $error_message, $extra, $clock, $shared)
        ON CONFLICT (log_id, node) DO NOTHING
        """;

    public const string IndexText = "INSERT INTO fts (rowid, text) VALUES ($id, $text)";

    public const string InsertName = "INSERT INTO names (name) VALUES ($name) RETURNING id";

    public const string AddRollup = """
        INSERT INTO rollup (service, node, bucket, level, n) VALUES ($service, $node, $bucket, $level, $n)
        ON CONFLICT DO UPDATE SET n = n + excluded.n
        """;

    public const string AddLevelRollup = """
        INSERT INTO rollup_level (bucket, level, n) VALUES ($bucket, $level, $n)
        ON CONFLICT DO UPDATE SET n = n + excluded.n
        """;

    public const string SaveSequence = "INSERT INTO meta (key, value) VALUES ('sequence', $value) ON CONFLICT DO UPDATE SET value = excluded.value";

    public const string LoadSequence = "SELECT coalesce((SELECT value FROM meta WHERE key = 'sequence'), 0)";

    public const string Exists = "SELECT 1 FROM entries WHERE log_id = $log_id AND node = (SELECT id FROM names WHERE name = $node)";

    /// <summary>The columns every read selects, in <see cref="EntryCodec.Read"/>'s order.</summary>
    public const string Columns = """
        e.id, e.type, (SELECT name FROM names WHERE id = e.node), (SELECT name FROM names WHERE id = e.service), e.log_id,
        e.message, e.response_time_ms, e.threshold_limit_ms, e.error_code, e.error_message, e.extra, e.clock,
        (SELECT name FROM names WHERE id = e.shared)
        """;
}
