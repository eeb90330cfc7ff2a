namespace Sawmill.Storage.Sqlite.Logs;

/// <summary>sawmill.db's table of the entries the log store could not take, kept with the reason.</summary>
internal static class LogQuarantine
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS log_quarantine (
            id INTEGER PRIMARY KEY,
            at INTEGER NOT NULL,
            node_id TEXT NOT NULL,
            log_id TEXT NOT NULL,
            error TEXT NOT NULL,
            body TEXT NOT NULL
        );
        """;

    public const string Insert = """
        INSERT INTO log_quarantine (at, node_id, log_id, error, body) VALUES (unixepoch(), $node_id, $log_id, $error, $body)
        """;
}
