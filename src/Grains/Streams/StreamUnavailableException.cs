namespace Sawmill.Grains.Streams;

/// <summary>The stream's broker did not take the messages (unreachable, or no acknowledgement within the publish
/// timeout): nothing is acknowledged, and the caller should answer 503 with Retry-After.</summary>
public sealed class StreamUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
