namespace Sawmill.Storage.Sqlite.Logs;

/// <summary>The tables, indexes and triggers of the log store, created if missing.</summary>
internal static class LogSchema
{
    // UNIQUE(log_id, node_id) rather than (node_id, log_id): the same constraint, but its index also serves
    // GetAsync by log_id alone, which saves an index on the write path. The node filter has its own index.
    public const string Create = """
        CREATE TABLE IF NOT EXISTS log_entries (
            id INTEGER PRIMARY KEY,
            message_type TEXT NOT NULL,
            log_id TEXT NOT NULL,
            node_id TEXT NOT NULL,
            service_name TEXT NOT NULL,
            level INTEGER NOT NULL,
            ts INTEGER NOT NULL,
            message TEXT NOT NULL,
            response_time_ms REAL,
            threshold_limit_ms REAL,
            error_code TEXT,
            error_message TEXT,
            props_text TEXT NOT NULL,
            body TEXT NOT NULL,
            UNIQUE (log_id, node_id)
        );
        CREATE INDEX IF NOT EXISTS ix_log_entries_ts ON log_entries (ts, id);
        CREATE INDEX IF NOT EXISTS ix_log_entries_level ON log_entries (level, ts);
        CREATE INDEX IF NOT EXISTS ix_log_entries_service ON log_entries (service_name, ts);
        CREATE INDEX IF NOT EXISTS ix_log_entries_node ON log_entries (node_id, ts);

        CREATE VIRTUAL TABLE IF NOT EXISTS log_fts USING fts5 (
            message, props_text,
            content = 'log_entries', content_rowid = 'id',
            tokenize = 'unicode61 remove_diacritics 2'
        );
        INSERT INTO log_fts (log_fts, rank) VALUES ('automerge', 8);
        CREATE TABLE IF NOT EXISTS log_quarantine (
            id INTEGER PRIMARY KEY,
            at INTEGER NOT NULL,
            node_id TEXT NOT NULL,
            log_id TEXT NOT NULL,
            error TEXT NOT NULL,
            body TEXT NOT NULL
        );
        CREATE TRIGGER IF NOT EXISTS log_entries_fts_delete AFTER DELETE ON log_entries BEGIN
            INSERT INTO log_fts (log_fts, rowid, message, props_text) VALUES ('delete', old.id, old.message, old.props_text);
        END;
        """;

    // The writer indexes each transaction's new rows with one INSERT ... SELECT instead of an AFTER INSERT trigger:
    // FTS5 flushes its pending terms at every statement savepoint, so a per-row trigger writes a segment per row
    // and is about five times slower. The delete trigger stays, so whoever prunes rows keeps the index in sync.
    public const string IndexNewRows = """
        INSERT INTO log_fts (rowid, message, props_text)
        SELECT id, message, props_text FROM log_entries WHERE id > $after
        """;

    public const string Quarantine = """
        INSERT INTO log_quarantine (at, node_id, log_id, error, body) VALUES (unixepoch(), $node_id, $log_id, $error, $body)
        """;

    public const string MaxId = "SELECT coalesce(max(id), 0) FROM log_entries";

    public const string Insert = """
        INSERT OR IGNORE INTO log_entries
            (message_type, log_id, node_id, service_name, level, ts, message,
             response_time_ms, threshold_limit_ms, error_code, error_message, props_text, body)
        VALUES ($message_type, $log_id, $node_id, $service_name, $level, $ts, $message,
             $response_time_ms, $threshold_limit_ms, $error_code, $error_message, $props_text, $body)
        """;

    /// <summary>UTC unix microseconds, the unit of the ts column.</summary>
    public static long ToUnixMicroseconds(DateTimeOffset time) => (time.UtcTicks - DateTime.UnixEpoch.Ticks) / 10;

    public static DateTimeOffset FromUnixMicroseconds(long micros) => new(DateTime.UnixEpoch.Ticks + micros * 10, TimeSpan.Zero);
}
