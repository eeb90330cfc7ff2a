using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Streams;
using Sawmill.Grains.Tests.Support;

namespace Sawmill.Grains.Tests.Streams;

public sealed class InProcessTopicProviderTests : IAsyncDisposable
{
    private readonly ManualTimeProvider _time = new();
    private readonly InProcessTopicProvider _topics;

    public InProcessTopicProviderTests()
        => _topics = new InProcessTopicProvider(
            Options.Create(new TopicOptions { Partitions = 4, PartitionCapacity = 8, MaxBatchSize = 3, PublishTimeout = TimeSpan.FromSeconds(2), MaxDeliveryAttempts = 3 }),
            _time,
            NullLogger<InProcessTopicProvider>.Instance);

    [Fact]
    public async Task Each_key_arrives_in_publish_order_to_every_group()
    {
        var first = new ConcurrentQueue<TopicMessage>();
        var second = new ConcurrentQueue<TopicMessage>();
        _topics.Subscribe(new TopicSubscription(Topics.AllLogs, "first", (b, _) => Collect(first, b)));
        _topics.Subscribe(new TopicSubscription(Topics.AllLogs, "second", (b, _) => Collect(second, b)) { IsDurableSink = true });

        var messages = Enumerable.Range(0, 60).Select(i => Some.LogEntry(node: $"n{i % 5}", logId: $"{i:D3}")).ToList();
        foreach (var chunk in messages.Chunk(7)) await _topics.PublishAsync(Topics.AllLogs, chunk);
        await Await.Until(() => first.Count == 60 && second.Count == 60, "both groups to receive all 60 messages");

        foreach (var received in new[] { first, second })
        {
            foreach (var node in received.GroupBy(m => m.Key))
            {
                var ids = node.Select(m => ((LogEntry)m.Value).LogId).ToList();
                Assert.Equal(ids.Order(), ids);
            }
        }
    }

    [Fact]
    public async Task Publish_is_acknowledged_only_after_the_durable_sink_commits()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = Channel.CreateUnbounded<int>();
        _topics.Subscribe(new TopicSubscription(Topics.AllLogs, "indexer", async (b, _) => { started.Writer.TryWrite(b.Messages.Count); await gate.Task; }) { IsDurableSink = true });

        var publish = _topics.PublishAsync(Topics.AllLogs, [Some.LogEntry()]).AsTask();
        await Await.Next(started.Reader, "the durable sink to receive the message");
        Assert.False(publish.IsCompleted, "the publish must wait for the durable sink");

        gate.SetResult();
        await Await.Completes(publish, "the publish to be acknowledged after the commit");
    }

    [Fact]
    public async Task Failed_batch_is_delivered_again_and_acknowledged_when_it_succeeds()
    {
        var attempts = Channel.CreateUnbounded<int>();
        var count = 0;
        _topics.Subscribe(new TopicSubscription(Topics.AllLogs, "flaky", (b, _) =>
        {
            attempts.Writer.TryWrite(++count);
            return count == 1 ? throw new IOException("disk hiccup") : ValueTask.CompletedTask;
        }) { IsDurableSink = true });

        var publish = _topics.PublishAsync(Topics.AllLogs, [Some.LogEntry()]).AsTask();
        Assert.Equal(1, await Await.Next(attempts.Reader, "the first delivery"));
        await Await.Until(() => _time.ActiveTimers > 0, "the retry backoff to start");
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, await Await.Next(attempts.Reader, "the batch to be delivered again"));
        await Await.Completes(publish, "the publish to be acknowledged after the retry succeeded");
    }

    [Fact]
    public async Task Publish_fails_when_the_durable_sink_gives_up()
    {
        var attempts = Channel.CreateUnbounded<int>();
        var count = 0;
        _topics.Subscribe(new TopicSubscription(Topics.AllLogs, "broken", (_, _) =>
        {
            attempts.Writer.TryWrite(++count);
            throw new IOException("disk full");
        }) { IsDurableSink = true });

        var publish = _topics.PublishAsync(Topics.AllLogs, [Some.LogEntry()]).AsTask();
        while (!publish.IsCompleted)
        {
            await Await.Until(() => _time.ActiveTimers > 0 || publish.IsCompleted, "a retry backoff or the publish to fail");
            _time.Advance(TimeSpan.FromSeconds(1));
        }
        var error = await Assert.ThrowsAsync<IOException>(() => publish);
        Assert.Equal("disk full", error.Message);
        Assert.Equal(3, count);
    }

    [Fact]
    public async Task Full_partition_makes_publishers_wait_then_answers_overloaded()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _topics.Subscribe(new TopicSubscription(Topics.AllLogs, "stuck", async (_, _) => await gate.Task));

        // One key, so one partition of capacity 8: the first 8 fit, the next publish must wait.
        await _topics.PublishAsync(Topics.AllLogs, Enumerable.Range(0, 8).Select(_ => Some.LogEntry(node: "hot")).ToList());
        var waiting = _topics.PublishAsync(Topics.AllLogs, [Some.LogEntry(node: "hot")]).AsTask();
        Assert.False(waiting.IsCompleted, "a publish to a full partition waits for room");

        _time.Advance(TimeSpan.FromSeconds(2));
        var error = await Assert.ThrowsAsync<TopicOverloadedException>(() => waiting);
        Assert.Equal(Topics.AllLogs, error.Topic);

        gate.SetResult();
        var freed = _topics.PublishAsync(Topics.AllLogs, [Some.LogEntry(node: "hot")]).AsTask();
        await Await.Completes(freed, "a publish to succeed once the consumer drained the partition");
    }

    [Fact]
    public async Task Pending_since_reports_the_oldest_uncommitted_message_of_the_group()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var received = Channel.CreateUnbounded<int>();
        _topics.Subscribe(new TopicSubscription(Topics.AllLogs, "slow", async (b, _) => { received.Writer.TryWrite(b.Messages.Count); await gate.Task; }));
        Assert.Null(_topics.PendingSince(Topics.AllLogs, "slow", "n1"));

        var publishedAt = _time.GetUtcNow();
        await _topics.PublishAsync(Topics.AllLogs, [Some.LogEntry(node: "n1")]);
        _time.Advance(TimeSpan.FromSeconds(3));
        await _topics.PublishAsync(Topics.AllLogs, [Some.LogEntry(node: "n1")]);
        await Await.Next(received.Reader, "the group to be handed the first message");

        Assert.Equal(publishedAt, _topics.PendingSince(Topics.AllLogs, "slow", "n1"));
        Assert.Null(_topics.PendingSince(Topics.AllLogs, "other-group", "n1"));
        gate.SetResult();
        await Await.Until(() => _topics.PendingSince(Topics.AllLogs, "slow", "n1") is null, "the group to catch up");
    }

    [Fact]
    public async Task Without_subscribers_a_topic_drops_messages_instead_of_filling_up()
    {
        for (var i = 0; i < 10; i++)
        {
            await Await.Completes(_topics.PublishAsync(Topics.CriticalLogs, Enumerable.Range(0, 8).Select(_ => Some.LogEntry(node: "x")).ToList()).AsTask(),
                "publishing to a topic nobody consumes to never block");
        }
    }

    private static ValueTask Collect(ConcurrentQueue<TopicMessage> into, TopicBatch batch)
    {
        foreach (var message in batch.Messages) into.Enqueue(message);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _topics.DisposeAsync();
}
