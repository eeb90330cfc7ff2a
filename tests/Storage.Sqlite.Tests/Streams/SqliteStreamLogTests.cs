using Orleans.Streams;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Streams;
using Sawmill.Grains.Tests.Support;
using Sawmill.Storage.Sqlite.Streams;

namespace Sawmill.Storage.Sqlite.Tests.Streams;

public sealed class SqliteStreamLogTests
{
    private static SawmillMessage[] Batch(string prefix, int count)
        => Enumerable.Range(0, count).Select(i => (SawmillMessage)Some.LogEntry(logId: $"{prefix}{i}", message: $"{prefix} {i}")).ToArray();

    private static Task AppendAsync(StreamLogHarness harness, int partition, SawmillMessage[] messages)
        => harness.Log.AppendAsync(Topics.AllLogs, partition, SawmillStreams.AllLogs(partition), messages, CancellationToken.None);

    private static List<string> Ids(IList<IBatchContainer> batches)
        => batches.SelectMany(b => b.GetEvents<LogEntry>()).Select(e => e.Item1.LogId).ToList();

    [Fact]
    public async Task Batches_are_read_in_append_order_per_queue_with_increasing_sequences()
    {
        await using var harness = new StreamLogHarness();
        await AppendAsync(harness, 0, Batch("a", 2));
        await AppendAsync(harness, 1, Batch("x", 1));
        await AppendAsync(harness, 0, Batch("b", 3));

        var read = harness.Log.Queue(Topics.AllLogs, 0).Read(10);

        Assert.Equal(["a0", "a1", "b0", "b1", "b2"], Ids(read));
        var sequences = read.Select(b => b.SequenceToken.SequenceNumber).ToList();
        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(["x0"], Ids(harness.Log.Queue(Topics.AllLogs, 1).Read(10)));
        Assert.Empty(harness.Log.Queue(Topics.AllLogs, 0).Read(10));
    }

    [Fact]
    public async Task What_was_not_confirmed_delivered_is_delivered_again_after_a_restart_and_only_that()
    {
        await using var harness = new StreamLogHarness();
        var queue = harness.Log.Queue(Topics.AllLogs, 0);
        var read = new List<IBatchContainer>();
        foreach (var name in new[] { "a", "b", "c" })
        {
            await AppendAsync(harness, 0, Batch(name, 1));
            read.AddRange(queue.Read(10)); // read one by one, so that each stays a batch of its own
        }
        harness.Log.Confirm(queue, read[0].SequenceToken.SequenceNumber);

        await harness.ReopenAsync();

        var again = harness.Log.Queue(Topics.AllLogs, 0).Read(10);
        Assert.Equal(["b0", "c0"], Ids(again));
        // Recovered rows that are all unread join one batch, with the sequence number of the newest.
        Assert.Equal(read[^1].SequenceToken.SequenceNumber, again[^1].SequenceToken.SequenceNumber);
        await AppendAsync(harness, 0, Batch("d", 1));
        Assert.True(harness.Log.Queue(Topics.AllLogs, 0).Read(10).Single().SequenceToken.SequenceNumber > again[^1].SequenceToken.SequenceNumber,
            "sequence numbers are never reused after a restart");
    }

    [Fact]
    public async Task A_new_receiver_starts_again_from_the_oldest_unconfirmed_batch()
    {
        await using var harness = new StreamLogHarness();
        var queue = harness.Log.Queue(Topics.AllLogs, 0);
        await AppendAsync(harness, 0, Batch("a", 1));
        var first = queue.Read(10);
        await AppendAsync(harness, 0, Batch("b", 1));
        Assert.Equal(["b0"], Ids(queue.Read(10)));
        harness.Log.Confirm(queue, first[0].SequenceToken.SequenceNumber);

        queue.Rewind();

        Assert.Equal(["b0"], Ids(queue.Read(10)));
    }

    [Fact]
    public async Task Pending_since_is_the_oldest_unconfirmed_append_and_clears_once_confirmed()
    {
        await using var harness = new StreamLogHarness();
        Assert.Null(harness.Log.PendingSince(Topics.AllLogs, 0));
        var queue = harness.Log.Queue(Topics.AllLogs, 0);
        var first = harness.Time.GetUtcNow();
        await AppendAsync(harness, 0, Batch("a", 1));
        var read = new List<IBatchContainer>(queue.Read(10));
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await AppendAsync(harness, 0, Batch("b", 1));
        read.AddRange(queue.Read(10));

        Assert.Equal(first, harness.Log.PendingSince(Topics.AllLogs, 0)); // read is not delivered
        harness.Log.Confirm(queue, read[0].SequenceToken.SequenceNumber);
        Assert.Equal(first + TimeSpan.FromSeconds(1), harness.Log.PendingSince(Topics.AllLogs, 0));
        harness.Log.Confirm(queue, read[1].SequenceToken.SequenceNumber);
        Assert.Null(harness.Log.PendingSince(Topics.AllLogs, 0));
        Assert.Null(harness.Log.PendingSince(Topics.AllLogs, 1));
    }

    [Fact]
    public async Task A_full_queue_makes_a_publisher_wait_for_room_and_fail_when_none_comes()
    {
        await using var harness = new StreamLogHarness(new SqliteStreamOptions { QueueCapacity = 3, PublishTimeout = TimeSpan.FromSeconds(5) });
        await AppendAsync(harness, 0, Batch("a", 2));
        var queue = harness.Log.Queue(Topics.AllLogs, 0);

        var waiting = AppendAsync(harness, 0, Batch("b", 2));
        await harness.Time.WaitForTimerAsync(TimeSpan.FromSeconds(5), "the publisher to wait for room");
        Assert.False(waiting.IsCompleted, "2 + 2 messages do not fit a queue of 3");
        harness.Log.Confirm(queue, queue.Read(10).Single().SequenceToken.SequenceNumber);
        await Await.Completes(waiting, "the publisher to go on once the first batch was delivered");

        await AppendAsync(harness, 1, Batch("big", 10)); // larger than the queue, but the queue is empty: it goes through
        var refused = AppendAsync(harness, 1, Batch("c", 1));
        await harness.Time.WaitForTimerAsync(TimeSpan.FromSeconds(5), "the publisher to wait for room");
        harness.Time.Advance(TimeSpan.FromSeconds(5));
        var overloaded = await Assert.ThrowsAsync<StreamOverloadedException>(() => refused);
        Assert.Equal(Topics.AllLogs, overloaded.Topic);
        Assert.Equal(["b0", "b1"], Ids(queue.Read(10)));
    }

    [Fact]
    public async Task Appends_the_receiver_has_not_read_yet_join_one_batch_and_are_deleted_together()
    {
        await using var harness = new StreamLogHarness();
        var queue = harness.Log.Queue(Topics.AllLogs, 0);
        await AppendAsync(harness, 0, Batch("a", 1));
        Assert.Single(queue.Read(10)); // read: a later append starts a batch of its own
        var enqueued = harness.Time.GetUtcNow();
        await AppendAsync(harness, 0, Batch("b", 2));
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await AppendAsync(harness, 0, Batch("c", 1));

        var joined = Assert.Single(queue.Read(10));
        Assert.Equal(["b0", "b1", "c0"], Ids([joined]));
        Assert.Equal(enqueued, ((SqliteBatchContainer)joined).EnqueuedAt);
        harness.Log.Confirm(queue, joined.SequenceToken.SequenceNumber);
        await harness.ReopenAsync();
        Assert.Empty(harness.Log.Queue(Topics.AllLogs, 0).Read(10));
    }
}
