using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Streams.Kafka;

/// <summary>The live tail of the whole cluster on one silo: reads every partition of all_logs from its end, outside
/// any consumer group (it commits nothing and holds back no one), and hands each batch to <c>accept</c>, the silo's
/// live feed; in a cluster the live tail grain, which sees only the partitions of its own silo, stands aside.</summary>
public sealed class KafkaLiveTail(IOptions<KafkaStreamOptions> options, Serializer serializer, Action<IReadOnlyList<SawmillMessage>> accept, ILogger<KafkaLiveTail> logger)
    : BackgroundService
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the tail is positioned: whatever is produced after it, it shows.</summary>
    public Task Ready => _ready.Task;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Factory.StartNew(() =>
    {
        var topic = options.Value.Topic(Topics.AllLogs);
        // From the ends as they are now (Offset.End would be resolved only at the first fetch, later).
        using var consumer = KafkaTopicReader.Open(options.Value, topic, "live", (c, p) => c.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(10)).High);
        _ready.TrySetResult();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(250)) is not { Message.Value: { } value }) continue;
                if (serializer.Deserialize<KafkaPayload>(value) is { } payload) accept(payload.Messages);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                logger.LogWarning("The live tail skipped an all_logs message: {Reason}", ex.Message);
            }
        }
    }, stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
