namespace Sawmill.Dashboard.Remote;

/// <summary>An error the hub reported: a refused handshake, a failed stream, a close with an error.</summary>
public sealed class HubException(string message) : Exception(message);
