namespace Sawmill.Silo.Ingestion;

/// <summary>Endpoint metadata naming the ingestion transport, the <c>transport</c> label of the ingestion metrics.</summary>
public sealed record IngestTransport(string Name)
{
    public static readonly IngestTransport Http = new("http");
    public static readonly IngestTransport Clef = new("clef");
    public static readonly IngestTransport Elasticsearch = new("elasticsearch");
    public static readonly IngestTransport OtlpHttp = new("otlp_http");
    public static readonly IngestTransport OtlpGrpc = new("otlp_grpc");
    public static readonly IngestTransport Syslog = new("syslog");

    /// <summary>The transport of the request's endpoint; syslog when there is no request.</summary>
    public static IngestTransport Of(HttpContext? context)
        => context is null ? Syslog : context.GetEndpoint()?.Metadata.GetMetadata<IngestTransport>() ?? Http;
}
