using Sawmill.Grains.Interfaces;

namespace Sawmill.Grains.Storage;

/// <summary>The durable, full-text searchable store of LOG and REGISTRATION entries.</summary>
public interface ILogStore : ILogReader
{
    /// <summary>Stores entries (LogEntry and Registration; others are ignored) in a group commit; completes once they are durable.
    /// A repeated (node_id, log_id) is stored once.</summary>
    ValueTask AppendAsync(IReadOnlyList<SawmillMessage> entries, CancellationToken cancellationToken = default);
}
