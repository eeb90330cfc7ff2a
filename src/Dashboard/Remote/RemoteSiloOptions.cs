namespace Sawmill.Dashboard.Remote;

/// <summary>The silo a standalone dashboard host shows ("Silo" in appsettings; env Silo__Url).</summary>
public sealed class RemoteSiloOptions
{
    public const string SectionName = "Silo";

    /// <summary>The silo's base URL: its HTTP API and its /hubs/live hub.</summary>
    public Uri? Url { get; set; }

    /// <summary>The dashboard's own API key (read scope; admin to acknowledge alerts), for a silo that requires keys:
    /// sent on every API call and on the hub connection.</summary>
    public string? ApiKey { get; set; }

    /// <summary>How often the node list is re-read from the silo.</summary>
    public TimeSpan NodeRefresh { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long to wait before reconnecting to the silo's hub after the connection is lost.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one API call may take.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
