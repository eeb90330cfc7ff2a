using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Streams;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Grains.Streams;

/// <summary>Publishes accepted messages on the Orleans streams: each to its node's all_logs partition (one stream batch
/// per partition), ERROR and FATAL entries also to critical_logs. Completes once the stream provider made them durable.</summary>
public sealed class EventPublisher
{
    private readonly StreamPartitionOptions _partitioning;
    private readonly IAsyncStream<SawmillMessage>[] _allLogs;
    private readonly IAsyncStream<SawmillMessage> _criticalLogs;

    public EventPublisher(IClusterClient client, IOptions<StreamPartitionOptions> partitioning)
    {
        _partitioning = partitioning.Value;
        var allLogs = client.GetStreamProvider(Topics.AllLogs);
        _allLogs = Enumerable.Range(0, _partitioning.Partitions).Select(p => allLogs.GetStream<SawmillMessage>(SawmillStreams.AllLogs(p))).ToArray();
        _criticalLogs = client.GetStreamProvider(Topics.CriticalLogs).GetStream<SawmillMessage>(SawmillStreams.CriticalLogs);
    }

    /// <exception cref="StreamOverloadedException">A queue stayed full: nothing of the call is acknowledged.</exception>
    public async Task PublishAsync(IReadOnlyList<SawmillMessage> messages, CancellationToken cancellationToken)
    {
        var byPartition = new List<SawmillMessage>?[_allLogs.Length];
        List<SawmillMessage>? critical = null;
        foreach (var message in messages)
        {
            (byPartition[_partitioning.PartitionOf(message.NodeId)] ??= []).Add(message);
            if (message is LogEntry entry && entry.LogLevel.IsCritical()) (critical ??= []).Add(message);
        }

        var appends = new List<Task>(byPartition.Length + 1);
        for (var p = 0; p < byPartition.Length; p++)
        {
            if (byPartition[p] is { } slice) appends.Add(_allLogs[p].OnNextBatchAsync(slice.ToArray()));
        }
        if (critical is not null) appends.Add(_criticalLogs.OnNextBatchAsync(critical.ToArray()));
        await Task.WhenAll(appends).WaitAsync(cancellationToken);
    }
}
