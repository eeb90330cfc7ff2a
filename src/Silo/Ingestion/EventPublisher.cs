using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Streams;

namespace Sawmill.Silo.Ingestion;

/// <summary>Publishes accepted messages: all to all_logs, ERROR and FATAL entries also to critical_logs.
/// Completes once all_logs has made them durable.</summary>
public sealed class EventPublisher(ITopicProvider topics)
{
    public async Task PublishAsync(IReadOnlyList<SawmillMessage> messages, CancellationToken cancellationToken)
    {
        var all = topics.PublishAsync(Topics.AllLogs, messages, cancellationToken).AsTask();
        var critical = messages.Where(m => m is LogEntry entry && entry.LogLevel.IsCritical()).ToList();
        if (critical.Count > 0) await topics.PublishAsync(Topics.CriticalLogs, critical, cancellationToken);
        await all;
    }
}
