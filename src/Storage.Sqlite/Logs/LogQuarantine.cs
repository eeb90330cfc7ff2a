using Microsoft.Data.Sqlite;

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

    /// <summary>Keeps one entry aside with why; texts are made valid UTF-8 first (the entry may be what failed).</summary>
    public static void Add(SqliteConnection connection, string nodeId, string logId, string error, string body)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO log_quarantine (at, node_id, log_id, error, body) VALUES (unixepoch(), $node_id, $log_id, $error, $body)";
        command.Parameters.AddWithValue("$node_id", SafeText(nodeId));
        command.Parameters.AddWithValue("$log_id", SafeText(logId));
        command.Parameters.AddWithValue("$error", error);
        command.Parameters.AddWithValue("$body", SafeText(body));
        command.ExecuteNonQuery();
    }

    private static string SafeText(string text) => System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(text));
}
