using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Elastic.Clients.Elasticsearch;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;
using Sawmill.Grains.Tests.Support;
using Sawmill.Silo.Tests.Support;
using Serilog;
using static Sawmill.Silo.Tests.Support.Json;

namespace Sawmill.Silo.Tests.Security;

/// <summary>With keys required, the real clients of every protocol ship with a key in their own header, and a request
/// without one is refused in the protocol's own error shape with nothing stored.</summary>
public sealed class ProtocolKeyTests : IAsyncLifetime
{
    private TestSilo _silo = null!;
    private HttpClient _admin = null!;
    private string _key = null!;
    private string _keyId = null!;

    public async Task InitializeAsync()
    {
        _silo = await ApiKeyTests.StartSecuredAsync();
        _admin = _silo.ClientWithKey(ApiKeyTests.AdminKey);
        (_keyId, _key) = await SecuredSilo.CreateKeyAsync(_admin, "shippers", ["ingest"]);
    }

    [Fact]
    public async Task Serilog_Sinks_Seq_ships_with_its_api_key_and_CLEF_without_one_gets_Seqs_error()
    {
        using (var log = new LoggerConfiguration().Enrich.WithProperty("Application", "SeqKeyed").Enrich.WithProperty("MachineName", "seq-1")
            .WriteTo.Seq(_silo.Client.BaseAddress!.ToString(), apiKey: _key, period: TimeSpan.FromMilliseconds(20)).CreateLogger())
        {
            log.Information("Shipped with {What}", "a key");
        }
        await Await.UntilAsync(async () => (await Items("service=SeqKeyed")).Count == 1, "the Serilog event searchable");

        using var refused = await _silo.Client.PostAsync("/ingest/clef", new StringContent("""{"@t":"2026-11-21T10:00:00Z","@m":"no key","Application":"SeqRefused"}""", Encoding.UTF8, "application/vnd.serilog.clef"));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("needs an API key", (string)(await refused.ReadNode())["Error"]!);
        Assert.Empty(await Items("service=SeqRefused"));
    }

    [Fact]
    public async Task The_OpenTelemetry_SDK_ships_over_http_protobuf_and_gRPC_with_the_key_in_its_headers()
    {
        var grpc = new Uri(_silo.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ElementAt(1));
        foreach (var (protocol, endpoint, service) in new[]
        {
            (OtlpExportProtocol.HttpProtobuf, new Uri(_silo.Client.BaseAddress!, "/v1/logs"), "OtlpHttpKeyed"),
            (OtlpExportProtocol.Grpc, grpc, "OtlpGrpcKeyed"),
        })
        {
            using (var factory = LoggerFactory.Create(logging => logging.AddOpenTelemetry(otel =>
            {
                otel.SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(service, serviceInstanceId: service + "-1"));
                otel.AddOtlpExporter(o => (o.Endpoint, o.Protocol, o.Headers) = (endpoint, protocol, $"Authorization=Bearer {_key}"));
            })))
            {
                factory.CreateLogger("keyed").LogInformation("Exported with a key");
            }
            await Await.UntilAsync(async () => (await Items($"service={service}")).Count == 1, $"the {protocol} record searchable");
        }
    }

    [Fact]
    public async Task OTLP_without_a_key_is_refused_as_UNAUTHENTICATED_over_http_and_gRPC()
    {
        var empty = new ByteArrayContent([]);
        empty.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        using var http = new HttpRequestMessage(System.Net.Http.HttpMethod.Post, "/v1/logs") { Content = empty };
        using var refused = await _silo.Client.SendAsync(http);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/x-protobuf", refused.Content.Headers.ContentType!.MediaType);
        // google.rpc.Status: field 1 (code) = 16, UNAUTHENTICATED.
        Assert.Equal([0x08, 16], (await refused.Content.ReadAsByteArrayAsync())[..2]);

        // A gRPC call is HTTP/2 (h2c on the gRPC port): refused before the service, with 401.
        var grpc = new Uri(_silo.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ElementAt(1));
        using var client = new HttpClient { BaseAddress = grpc };
        var frame = new ByteArrayContent([0, 0, 0, 0, 0]);
        frame.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        using var call = new HttpRequestMessage(System.Net.Http.HttpMethod.Post, "/opentelemetry.proto.collector.logs.v1.LogsService/Export")
        {
            Content = frame, Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var answer = await client.SendAsync(call);
        Assert.Equal((HttpStatusCode.Unauthorized, HttpVersion.Version20), (answer.StatusCode, answer.Version));
    }

    [Fact]
    public async Task Elastics_client_bulk_indexes_with_an_ApiKey_and_without_one_gets_a_security_exception()
    {
        var root = new Uri(_silo.Client.BaseAddress!, "/api/v1/_elastic/");
        var keyed = new ElasticsearchClient(new ElasticsearchClientSettings(root).Authentication(new Elastic.Transport.ApiKey(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_keyId}:{_key}")))));
        var document = new JsonObject { ["@timestamp"] = "2026-11-21T10:00:00Z", ["message"] = "bulk with a key", ["log"] = new JsonObject { ["level"] = "info" },
            ["service"] = new JsonObject { ["name"] = "ElasticKeyed" }, ["host"] = new JsonObject { ["name"] = "es-1" } };

        var response = await keyed.BulkAsync(b => b.Index("keyed").CreateMany([document]));
        Assert.True(response.IsValidResponse, response.DebugInformation);
        await Await.UntilAsync(async () => (await Items("service=ElasticKeyed")).Count == 1, "the bulk-indexed document searchable");

        var anonymous = new ElasticsearchClient(new ElasticsearchClientSettings(root));
        var refused = await anonymous.BulkAsync(b => b.Index("keyed").CreateMany([document]));
        Assert.Equal(401, refused.ApiCallDetails.HttpStatusCode);
        Assert.Equal("security_exception", refused.ElasticsearchServerError?.Error?.Type);
        Assert.Single(await Items("service=ElasticKeyed"));
    }

    private async Task<List<JsonNode>> Items(string query)
        => [.. (await _admin.GetNode($"/api/v1/logs?limit=100&{query}"))["items"]!.AsArray().Select(i => i!)];

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _silo.DisposeAsync();
    }
}
