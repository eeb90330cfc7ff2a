namespace Sawmill.Sinks.Elasticsearch;

/// <summary>Where the sink writes (section <c>Elasticsearch</c>); without <see cref="Url"/> there is no sink.</summary>
public sealed class ElasticsearchSinkOptions
{
    public const string SectionName = "Elasticsearch";

    /// <summary>The cluster, <c>http://host:9200</c>.</summary>
    public string? Url { get; set; }

    /// <summary>Set by the host, not by configuration: whether <see cref="ElasticsearchSinkGrain"/> feeds the sink.</summary>
    internal bool FedByStreams { get; set; } = true;

    /// <summary>An API key (base64 "id:key"), else basic credentials, else none.</summary>
    public string? ApiKey { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>The data stream: logs-{dataset}-{namespace} as Elastic's data stream naming scheme has it.</summary>
    public string DataStream { get; set; } = "logs-sawmill-default";

    /// <summary>Entries per bulk request.</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>The longest wait between retries of a failed bulk request (doubling from 100 ms).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Kibana, <c>http://host:5601</c>: when set, the sink creates its data view there at start.</summary>
    public string? KibanaUrl { get; set; }

    public string? Validate() =>
        Url is not null && !Uri.TryCreate(Url, UriKind.Absolute, out _) ? $"Elasticsearch:Url '{Url}' is not an absolute URL."
        : KibanaUrl is not null && !Uri.TryCreate(KibanaUrl, UriKind.Absolute, out _) ? $"Elasticsearch:KibanaUrl '{KibanaUrl}' is not an absolute URL."
        : BatchSize is < 1 or > 10_000 ? "Elasticsearch:BatchSize must be from 1 to 10000."
        : MaxRetryDelay < TimeSpan.FromMilliseconds(100) ? "Elasticsearch:MaxRetryDelay must be at least 100 ms."
        : !System.Text.RegularExpressions.Regex.IsMatch(DataStream, "^logs-[a-z0-9_.]+-[a-z0-9_.]+$") ? "Elasticsearch:DataStream must look like logs-<dataset>-<namespace> (lower case)."
        : null;
}
