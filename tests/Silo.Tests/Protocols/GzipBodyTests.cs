using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Sawmill.Grains.Tests.Support;
using Sawmill.Silo.Tests.Support;

namespace Sawmill.Silo.Tests.Protocols;

/// <summary>
/// Shippers compress by default (the OpenTelemetry Collector's otlphttp exporter, Filebeat, Logstash, Serilog's Seq
/// sink when asked): every protocol route takes a gzip body.
/// </summary>
public sealed class GzipBodyTests : IAsyncLifetime
{
    private TestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync();

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Theory]
    [InlineData("/v1/logs", "application/json", HttpStatusCode.OK, "compressed otlp", """
        {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"GzOtlp"}},{"key":"host.name","value":{"stringValue":"gz-1"}}]},
          "scopeLogs":[{"logRecords":[{"timeUnixNano":"1763719200000000000","severityText":"INFO","body":{"stringValue":"compressed otlp"}}]}]}]}
        """)]
    [InlineData("/api/v1/_elastic/_bulk", "application/x-ndjson", HttpStatusCode.OK, "compressed bulk", """
        {"create":{"_index":"logs","_id":"gz-bulk-1"}}
        {"@timestamp":"2026-11-21T10:00:00Z","log.level":"info","message":"compressed bulk","service.name":"GzBulk","host.name":"gz-1"}

        """)]
    [InlineData("/api/events/raw?clef", "application/vnd.serilog.clef", HttpStatusCode.Created, "compressed clef", """
        {"@t":"2026-11-21T10:00:00Z","@m":"compressed clef","Application":"GzClef","NodeId":"gz-1"}
        """)]
    public async Task A_gzip_body_is_taken(string route, string contentType, HttpStatusCode expected, string message, string body)
    {
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(body));
        var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentType = new(contentType);
        content.Headers.ContentEncoding.Add("gzip");

        using var response = await _silo.Client.PostAsync(route, content);

        Assert.True(expected == response.StatusCode, $"{route}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        await Await.UntilAsync(async () => (await Messages()).Contains(message), $"'{message}' searchable after a gzip POST to {route}");
    }

    private async Task<List<string?>> Messages()
        => [.. (await _silo.Client.GetNode("/api/v1/logs?limit=100&node=gz-1"))["items"]!.AsArray().Select(i => (string?)i!["message"])];
}
