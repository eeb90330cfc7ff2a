using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Sawmill.Silo.Protocols.Otlp;

/// <summary>Adds the HTTP/2 endpoint of OTLP/gRPC beside the main URLs. Kestrel binds either the configured URLs or
/// endpoints named in code, not both, so the main URLs (<c>urls</c>, <c>ASPNETCORE_URLS</c>, <c>--urls</c>) are bound
/// here too, as they were given.</summary>
public static class OtlpGrpcEndpoint
{
    public static void Listen(KestrelServerOptions kestrel, string? urls, int grpcPort)
    {
        var addresses = (urls ?? "http://localhost:5000").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(Parse).ToList();
        foreach (var (host, port) in addresses) Bind(kestrel, host, port, HttpProtocols.Http1AndHttp2);
        Bind(kestrel, addresses[0].Host, grpcPort, HttpProtocols.Http2);
    }

    private static (string Host, int Port) Parse(string url)
    {
        // Kestrel's wildcards are no URI hosts.
        var uri = new Uri(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal));
        if (uri.Scheme != Uri.UriSchemeHttp)
            throw new InvalidOperationException($"With OTLP/gRPC on (Otlp:GrpcEnabled), the silo binds its URLs itself and takes http:// ones only, not '{url}'. "
                + "Set Otlp:GrpcEnabled=false to configure Kestrel's endpoints (HTTPS) yourself.");
        return (uri.Host, uri.Port);
    }

    private static void Bind(KestrelServerOptions kestrel, string host, int port, HttpProtocols protocols)
    {
        Action<ListenOptions> configure = o => o.Protocols = protocols;
        if (host == "localhost" && port != 0) kestrel.ListenLocalhost(port, configure);
        else if (host == "localhost") kestrel.Listen(IPAddress.Loopback, 0, configure);
        else if (IPAddress.TryParse(host.Trim('[', ']'), out var address)) kestrel.Listen(address, port, configure);
        else kestrel.ListenAnyIP(port, configure);
    }
}
