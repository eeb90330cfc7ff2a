using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Streams;

namespace Sawmill.Sinks.Elasticsearch;

/// <summary>An all_logs consumer of its own, so a slow or dead Elasticsearch delays only Kibana, never Sawmill's search:
/// a delivery completes once Elasticsearch has every entry, which is when Orleans may confirm the batch (on Kafka:
/// commit its offset). A write that keeps failing throws after <see cref="WriteTimeout"/>, and Orleans delivers the
/// batch again, until it is taken. Without <c>Elasticsearch:Url</c>, or when the host feeds the sink from a Kafka
/// consumer group of its own (scale-out: a dead Elasticsearch then holds back no other consumer), a delivery returns at once.</summary>
[ImplicitStreamSubscription(Topics.AllLogs)]
public sealed class ElasticsearchSinkGrain(IServiceProvider services) : StreamConsumerGrain, IElasticsearchSinkGrain
{
    /// <summary>Below Orleans' grain call timeout (30 s), so the delivery fails and is retried rather than timing out.</summary>
    public static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(20);

    private readonly ElasticsearchSink? _sink = services.GetRequiredService<IOptions<ElasticsearchSinkOptions>>().Value.FedByStreams
        ? services.GetService<ElasticsearchSink>()
        : null;

    public override async Task OnNextAsync(IList<SequentialItem<SawmillMessage>> items)
    {
        if (_sink is null) return;
        using var timeout = new CancellationTokenSource(WriteTimeout);
        await _sink.WriteAsync(items.Select(i => i.Item).Where(m => m is LogEntry or Registration).ToList(), timeout.Token);
    }
}
