using System.Globalization;
using Sawmill.Grains.Storage;

namespace Sawmill.Storage.Postgres.Logs;

/// <summary>The log tables. Times are Unix microseconds (bigint) so that the keyset, the partition bounds and the
/// buckets are the same integers in SQL and in C#.</summary>
internal static class PgSchema
{
    /// <summary>The rollups' bucket width: one minute, which every partition span is a multiple of.</summary>
    public const long RollupMicros = 60_000_000;

    public const int LogType = 0;
    public const int RegistrationType = 1;

    /// <summary>Taken by whoever creates or drops partitions, so that silos sharing the database never race on DDL.</summary>
    public const long PartitionLock = 0x5A3D_0001;

    // entries: one row per (node_id, log_id) (log_keys holds that rule across partitions, which a unique index on a
    // partitioned table cannot: it would have to include ts). log_store: the one row of settings the database keeps
    // (the partition span it was made with). body is the entry's JSON, read back as it was written;
    // the other columns are what filters read. rollups: entries per minute, level, service and node.
    public const string Create = """
        CREATE SEQUENCE IF NOT EXISTS log_entry_seq;
        CREATE TABLE IF NOT EXISTS log_entries (
            ts bigint NOT NULL,
            seq bigint NOT NULL DEFAULT nextval('log_entry_seq'),
            node_id text NOT NULL,
            log_id text NOT NULL,
            service_name text NOT NULL,
            level smallint NOT NULL,
            message_type smallint NOT NULL,
            message text NOT NULL,
            response_time_ms double precision,
            threshold_limit_ms double precision,
            error_code text,
            error_message text,
            extra jsonb,
            search tsvector NOT NULL,
            body text NOT NULL
        ) PARTITION BY RANGE (ts);
        CREATE INDEX IF NOT EXISTS log_entries_newest ON log_entries (ts, seq);
        CREATE INDEX IF NOT EXISTS log_entries_search ON log_entries USING gin (search);
        CREATE INDEX IF NOT EXISTS log_entries_log_id ON log_entries (log_id);
        CREATE INDEX IF NOT EXISTS log_entries_service ON log_entries (service_name, ts);
        CREATE INDEX IF NOT EXISTS log_entries_node ON log_entries (node_id, ts);
        CREATE TABLE IF NOT EXISTS log_rollups (
            bucket bigint NOT NULL,
            level smallint NOT NULL,
            service_name text NOT NULL,
            node_id text NOT NULL,
            entries bigint NOT NULL,
            PRIMARY KEY (bucket, level, service_name, node_id)
        ) PARTITION BY RANGE (bucket);
        CREATE TABLE IF NOT EXISTS log_keys (
            node_id text NOT NULL,
            log_id text NOT NULL,
            ts bigint NOT NULL,
            PRIMARY KEY (node_id, log_id)
        );
        CREATE INDEX IF NOT EXISTS log_keys_ts ON log_keys (ts);
        CREATE TABLE IF NOT EXISTS log_store (
            id boolean PRIMARY KEY DEFAULT true CHECK (id),
            span_micros bigint NOT NULL
        );
        CREATE TABLE IF NOT EXISTS log_partitions (
            start_micros bigint PRIMARY KEY,
            end_micros bigint NOT NULL
        );
        """;

    /// <summary>The partition of [start, end) of both tables, and its row in log_partitions.</summary>
    public static string CreatePartition(long start, long end) => string.Create(CultureInfo.InvariantCulture, $"""
        CREATE TABLE IF NOT EXISTS {EntriesOf(start)} PARTITION OF log_entries FOR VALUES FROM ({start}) TO ({end});
        CREATE TABLE IF NOT EXISTS {RollupsOf(start)} PARTITION OF log_rollups FOR VALUES FROM ({start}) TO ({end});
        INSERT INTO log_partitions (start_micros, end_micros) VALUES ({start}, {end}) ON CONFLICT DO NOTHING;
        """);

    /// <summary>Drops the partition of [start, end) and forgets its keys.</summary>
    public static string DropPartition(long start, long end) => string.Create(CultureInfo.InvariantCulture, $"""
        DROP TABLE IF EXISTS {EntriesOf(start)}, {RollupsOf(start)};
        DELETE FROM log_partitions WHERE start_micros = {start};
        DELETE FROM log_keys WHERE ts >= {start} AND ts < {end};
        """);

    /// <summary>Bytes of the partition of <paramref name="start"/>, indexes and TOAST included.</summary>
    public static string SizeOf(long start) =>
        $"coalesce(pg_total_relation_size(to_regclass('{EntriesOf(start)}')), 0) + coalesce(pg_total_relation_size(to_regclass('{RollupsOf(start)}')), 0)";

    // Named by the partition's start (UTC), so a listing sorts by time: log_entries_20261202t130000.
    public static string EntriesOf(long start) => "log_entries_" + Stamp(start);

    public static string RollupsOf(long start) => "log_rollups_" + Stamp(start);

    private static string Stamp(long start) =>
        UnixMicros.ToTime(start).UtcDateTime.ToString("yyyyMMdd't'HHmmss", CultureInfo.InvariantCulture);
}
