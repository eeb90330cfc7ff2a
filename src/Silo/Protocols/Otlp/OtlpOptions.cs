namespace Sawmill.Silo.Protocols.Otlp;

/// <summary>OTLP ingestion (section <c>Otlp</c>). OTLP/HTTP is always on the main port at <c>/v1/logs</c>; gRPC needs
/// an HTTP/2 endpoint of its own.</summary>
public sealed class OtlpOptions
{
    public const string SectionName = "Otlp";

    /// <summary>The HTTP/2 (cleartext) port of the gRPC LogsService, on the main URL's host; 0 picks a free port.</summary>
    public int GrpcPort { get; set; } = 4317;

    public bool GrpcEnabled { get; set; } = true;

    /// <summary>The settings as configured; read before the host is built (they decide Kestrel's endpoints).</summary>
    public static OtlpOptions From(IConfiguration configuration) => configuration.GetSection(SectionName).Get<OtlpOptions>() ?? new OtlpOptions();
}
