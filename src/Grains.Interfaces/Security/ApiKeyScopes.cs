namespace Sawmill.Grains.Interfaces.Security;

/// <summary>What an API key may do. Admin implies Read and Ingest.</summary>
[Flags]
public enum ApiKeyScopes
{
    None = 0,

    /// <summary>Send logs, registrations and heartbeats, on every transport.</summary>
    Ingest = 1,

    /// <summary>Search logs, list nodes and alerts, subscribe to the live hub, scrape /metrics.</summary>
    Read = 2,

    /// <summary>Manage API keys and acknowledge alerts; implies the other scopes.</summary>
    Admin = 4,
}
