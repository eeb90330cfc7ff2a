using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Nodes;

namespace Sawmill.Streams.Kafka;

/// <summary>The node list of the whole cluster on every silo: each silo produces the summaries its node grains post to
/// the compacted topic node_status (keyed by node_id), and reads the whole topic from the beginning into its own
/// registry, so any silo's API and dashboard list every node with its latest status.</summary>
public sealed class KafkaNodeDirectory(NodeRegistry registry, KafkaPublisher publisher, IOptions<KafkaStreamOptions> options, ILogger<KafkaNodeDirectory> logger)
    : BackgroundService
{
    /// <summary>The topic's name (before Kafka:TopicPrefix): a Kafka topic only, not an Orleans stream.</summary>
    public const string Topic = "node_status";

    private const string SiloHeader = "sawmill-silo";
    private readonly string _topic = options.Value.Topic(Topic);
    // Marks this silo's own summaries: they are in its registry already, and reading them back later would put an
    // older state over a newer one (a node's UP, read after its grain here declared it DOWN).
    private readonly byte[] _silo = Guid.NewGuid().ToByteArray();

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        registry.Posted += Publish;
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        registry.Posted -= Publish;
        await base.StopAsync(cancellationToken);
    }

    private void Publish(NodeSummary node)
    {
        try
        {
            publisher.Produce(_topic, System.Text.Encoding.UTF8.GetBytes(node.NodeId), JsonSerializer.SerializeToUtf8Bytes(node, SawmillJsonContext.Default.NodeSummary),
                new Headers { { SiloHeader, _silo } });
        }
        catch (KafkaException ex)
        {
            // The node list of the other silos lags until this node's next change; its grain and state are unaffected.
            logger.LogWarning("Could not share node {NodeId}'s summary: {Reason}", node.NodeId, ex.Error.Reason);
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Factory.StartNew(() =>
    {
        // Every silo reads every partition from the beginning, and commits nothing.
        using var consumer = KafkaTopicReader.Open(options.Value, _topic, "directory", (_, _) => Offset.Beginning);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(250)) is not { Message: { Value: { } value } message }) continue;
                if (message.Headers.TryGetLastBytes(SiloHeader, out var silo) && silo.AsSpan().SequenceEqual(_silo)) continue;
                if (JsonSerializer.Deserialize(value, SawmillJsonContext.Default.NodeSummary) is { } node) registry.Update(node);
            }
            catch (Exception ex) when (ex is ConsumeException or JsonException)
            {
                logger.LogWarning("Skipping a node_status message: {Reason}", ex.Message);
            }
        }
    }, stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
