using Sawmill.Grains.Interfaces;

namespace Sawmill.Grains.Tests.Support;

/// <summary>Builders of wire records with sensible defaults.</summary>
public static class Some
{
    public static readonly DateTimeOffset Time = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    public static LogEntry LogEntry(string node = "node-1", string? logId = null, Severity level = Severity.Info, string message = "hello", DateTimeOffset? at = null, string service = "PaymentService")
        => new()
        {
            NodeId = node,
            LogId = logId ?? Guid.NewGuid().ToString("N"),
            LogLevel = level,
            Message = message,
            ServiceName = service,
            Timestamp = at ?? Time,
        };

    public static Heartbeat Heartbeat(string node = "node-1") => new() { NodeId = node, Timestamp = Time };
}
