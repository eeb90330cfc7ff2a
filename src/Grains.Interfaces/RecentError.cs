namespace Sawmill.Grains.Interfaces;

/// <summary>An ERROR or FATAL entry of a node, in short.</summary>
[GenerateSerializer, Immutable, Alias("Sawmill.RecentError")]
public sealed record RecentError(string LogId, Severity LogLevel, string Message, string? ErrorCode, DateTimeOffset Timestamp);
