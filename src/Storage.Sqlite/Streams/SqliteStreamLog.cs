using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Providers.Streams.Common;
using Orleans.Runtime;
using Orleans.Serialization;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Streams;

namespace Sawmill.Storage.Sqlite.Streams;

/// <summary>The durable log behind the embedded stream queues (streams.db): an append commits a batch as one row before
/// the publisher's call returns, so what ingestion acknowledged survives a crash; rows are deleted once every consumer
/// has taken them, and whatever is left when the silo starts is delivered again.</summary>
public sealed class SqliteStreamLog : IStreamBacklog, IAsyncDisposable
{
    private readonly SqliteDatabase _database;
    private readonly Serializer _serializer;
    private readonly SqliteStreamOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<(string Topic, int Queue), StreamQueue> _queues = new();
    private int _disposed;

    public SqliteStreamLog(string path, Serializer serializer, IOptions<SqliteStreamOptions> options, TimeProvider timeProvider, ILogger<SqliteStreamLog> logger)
    {
        _database = new SqliteDatabase(path);
        _serializer = serializer;
        _options = options.Value;
        _timeProvider = timeProvider;
        using var connection = _database.Open();
        // AUTOINCREMENT: sequence numbers are never reused, even once every row was deleted.
        SqliteDatabase.Execute(connection, """
            CREATE TABLE IF NOT EXISTS stream_log (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                topic TEXT NOT NULL,
                queue INTEGER NOT NULL,
                stream_key TEXT NOT NULL,
                enqueued_us INTEGER NOT NULL,
                payload BLOB NOT NULL
            );
            CREATE INDEX IF NOT EXISTS ix_stream_log_queue ON stream_log (topic, queue, id);
            """);
        var recovered = Recover(connection);
        if (recovered > 0) logger.LogInformation("Stream log {Path}: {Count} batches not yet delivered before the last stop are delivered again", _database.Path, recovered);
    }

    /// <summary>The file of the log.</summary>
    public string Path => _database.Path;

    /// <summary>Commits the messages as one batch of the stream in the given queue, waiting for room first.</summary>
    /// <exception cref="StreamOverloadedException">The queue stayed full for <see cref="SqliteStreamOptions.PublishTimeout"/>.</exception>
    public async Task AppendAsync(string topic, int queue, StreamId streamId, SawmillMessage[] messages, CancellationToken cancellationToken)
    {
        var target = Queue(topic, queue);
        if (!await target.ReserveAsync(messages.Length, _options.PublishTimeout, _timeProvider, cancellationToken))
        {
            throw new StreamOverloadedException(topic, queue, _options.PublishTimeout);
        }
        var added = false;
        try
        {
            var enqueuedAt = _timeProvider.GetUtcNow();
            var payload = _serializer.SerializeToArray(messages);
            var key = streamId.GetKeyAsString();
            long id = 0;
            await _database.Writes.WriteAsync(connection =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = "INSERT INTO stream_log (topic, queue, stream_key, enqueued_us, payload) VALUES ($topic, $queue, $key, $at, $payload) RETURNING id";
                command.Parameters.AddWithValue("$topic", topic);
                command.Parameters.AddWithValue("$queue", queue);
                command.Parameters.AddWithValue("$key", key);
                command.Parameters.AddWithValue("$at", ToMicroseconds(enqueuedAt));
                command.Parameters.AddWithValue("$payload", payload);
                id = (long)command.ExecuteScalar()!;
            }, cancellationToken, committed: () =>
            {
                target.Add(Batch(streamId, id, messages, enqueuedAt), reserved: true);
                added = true;
            });
        }
        catch
        {
            // The room goes back unless the batch was committed (and counted) before the wait gave up.
            if (!Volatile.Read(ref added)) target.Release(messages.Length);
            throw;
        }
    }

    /// <summary>Deletes the queue's rows up to <paramref name="sequence"/>: every consumer has taken them.</summary>
    internal void Confirm(StreamQueue queue, long sequence)
    {
        queue.Confirm(sequence);
        _ = _database.Writes.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM stream_log WHERE topic = $topic AND queue = $queue AND id <= $id";
            command.Parameters.AddWithValue("$topic", queue.Topic);
            command.Parameters.AddWithValue("$queue", queue.Queue);
            command.Parameters.AddWithValue("$id", sequence);
            command.ExecuteNonQuery();
        }, CancellationToken.None);
    }

    /// <summary>Completes once every batch committed before the call has been delivered to all its consumers (what a
    /// test waits for before it reads what it published).</summary>
    public async Task WaitForDeliveryAsync(CancellationToken cancellationToken)
    {
        foreach (var queue in _queues.Values.ToList()) await queue.WaitConfirmedAsync(queue.LastAdded, cancellationToken);
    }

    public DateTimeOffset? PendingSince(string topic, int partition)
        => _queues.TryGetValue((topic, partition), out var queue) ? queue.PendingSince() : null;

    internal StreamQueue Queue(string topic, int queue)
        => _queues.GetOrAdd((topic, queue), key => new StreamQueue(key.Topic, key.Queue, _options.QueueCapacity));

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) await _database.DisposeAsync();
    }

    private int Recover(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, topic, queue, stream_key, enqueued_us, payload FROM stream_log ORDER BY id";
        using var reader = command.ExecuteReader();
        var count = 0;
        while (reader.Read())
        {
            var topic = reader.GetString(1);
            var messages = _serializer.Deserialize<SawmillMessage[]>((byte[])reader.GetValue(5)) ?? [];
            var batch = Batch(StreamId.Create(topic, reader.GetString(3)), reader.GetInt64(0), messages, DateTimeOffset.UnixEpoch.AddTicks(reader.GetInt64(4) * 10));
            Queue(topic, reader.GetInt32(2)).Add(batch, reserved: false);
            count++;
        }
        return count;
    }

    private static SqliteBatchContainer Batch(StreamId streamId, long id, SawmillMessage[] messages, DateTimeOffset enqueuedAt)
        => new() { StreamId = streamId, Token = new EventSequenceTokenV2(id), Messages = messages, EnqueuedAt = enqueuedAt };

    private static long ToMicroseconds(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
}
