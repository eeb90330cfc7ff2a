using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;
using Sawmill.Grains.Tests.Support;
using Sawmill.Silo.Tests.Support;
using Serilog;
using Serilog.Sinks.OpenTelemetry;

namespace Sawmill.Silo.Tests.Protocols;

/// <summary>OTLP/HTTP logs at /v1/logs, fed by the OpenTelemetry .NET SDK's exporter, by Serilog.Sinks.OpenTelemetry,
/// and by hand for OTLP/JSON and the bad-input cases.</summary>
public sealed class OtlpHttpTests : IAsyncLifetime
{
    private TestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync();

    private Uri Endpoint => new(_silo.Client.BaseAddress!, "/v1/logs");

    [Fact]
    public async Task The_OpenTelemetry_SDK_exporter_ships_over_http_protobuf_with_resource_severity_template_exception_and_trace()
    {
        using var source = new ActivitySource("otlp-test");
        using var listener = new ActivityListener { ShouldListenTo = s => s.Name == "otlp-test", Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData };
        ActivitySource.AddActivityListener(listener);
        string traceId;
        using (var factory = LoggerFactory.Create(logging => logging.AddOpenTelemetry(otel =>
        {
            otel.SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("Billing", serviceInstanceId: "billing-1"));
            otel.AddOtlpExporter(o => (o.Endpoint, o.Protocol) = (Endpoint, OtlpExportProtocol.HttpProtobuf));
        })))
        {
            var logger = factory.CreateLogger("Billing.Invoices");
            using (var activity = source.StartActivity("send")!)
            {
                traceId = activity.TraceId.ToHexString();
                logger.LogInformation("Invoice {InvoiceId} sent to {Customer}", 7, "Zürich AG");
            }
            logger.LogWarning("Invoice {InvoiceId} is late", 9);
            logger.LogError(new InvalidOperationException("smtp down"), "Invoice {InvoiceId} failed", 8);
        } // disposing flushes the batch exporter

        await Await.UntilAsync(async () => (await Items("service=Billing")).Count == 3, "the SDK's three records searchable");
        var info = (await Items("service=Billing&level=INFO")).Single(i => (string?)i["log_level"] == "INFO");
        Assert.Equal(("Invoice 7 sent to Zürich AG", "billing-1"), ((string?)info["message"], (string?)info["node_id"]));
        Assert.Equal("Invoice {InvoiceId} sent to {Customer}", (string?)info["message_template"]);
        Assert.Equal(traceId, (string?)info["trace_id"]);
        Assert.Equal("Billing.Invoices", (string?)info["otel.scope.name"]);
        Assert.Single(await Items("q=" + traceId));
        Assert.Equal("WARN", (string?)(await Items("service=Billing&level=WARN")).Single(i => (string?)i["log_level"] == "WARN")["log_level"]);
        var error = (await Items("service=Billing&level=ERROR")).Single();
        Assert.Equal("InvalidOperationException", (string?)error["error_details"]!["error_code"]);
        Assert.StartsWith("smtp down", (string?)error["error_details"]!["error_message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serilog_Sinks_OpenTelemetry_ships_over_http_protobuf()
    {
        using (var log = new LoggerConfiguration()
            .WriteTo.OpenTelemetry(o =>
            {
                o.Endpoint = Endpoint.ToString();
                o.Protocol = OtlpProtocol.HttpProtobuf;
                o.ResourceAttributes = new Dictionary<string, object> { ["service.name"] = "Ledger", ["service.instance.id"] = "ledger-1" };
            })
            .CreateLogger())
        {
            log.Warning("Balance of {Account} below {Limit}", "acc-1", 100);
        }

        await Await.UntilAsync(async () => (await Items("service=Ledger")).Count == 1, "the Serilog record searchable");
        var entry = (await Items("service=Ledger")).Single();
        Assert.Equal(("WARN", "ledger-1", "acc-1"), ((string?)entry["log_level"], (string?)entry["node_id"], (string?)entry["Account"]));
        // The sink sends the template as the body and the values as attributes: rendered here, the template kept.
        Assert.Equal("Balance of acc-1 below 100", (string?)entry["message"]);
        Assert.Equal("Balance of {Account} below {Limit}", (string?)entry["message_template"]);
    }

    [Fact]
    public async Task OTLP_JSON_is_taken_with_hex_ids_and_a_bad_record_is_a_partial_success()
    {
        const string body = """
            {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"Json"}},{"key":"host.name","value":{"stringValue":"json-1"}}]},
              "scopeLogs":[{"scope":{"name":"s"},"logRecords":[
                {"timeUnixNano":"1763719200000000000","severityNumber":17,"body":{"stringValue":"json error"},"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
                 "attributes":[{"key":"attempt","value":{"intValue":"3"}},{"key":"tags","value":{"arrayValue":{"values":[{"stringValue":"a"},{"boolValue":true}]}}}]},
                {"severityText":"LOUD","body":{"stringValue":"bad level"}}]}]}]}
            """;
        using var response = await _silo.Client.PostAsync("/v1/logs", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("1", answer["partialSuccess"]!["rejectedLogRecords"]!.ToString());
        Assert.Contains("log_level", (string?)answer["partialSuccess"]!["errorMessage"], StringComparison.Ordinal);
        await Await.UntilAsync(async () => (await Items("service=Json")).Count == 1, "the good record stored");
        var entry = (await Items("service=Json")).Single();
        Assert.Equal(("ERROR", "json-1", "5b8efff798038103d269b633813fc60c", "eee19b7ec3c1b174"),
            ((string?)entry["log_level"], (string?)entry["node_id"], (string?)entry["trace_id"], (string?)entry["span_id"]));
        Assert.Equal(3, (int)entry["attempt"]!);
        Assert.Equal("""["a",true]""", entry["tags"]!.ToJsonString());
        Assert.StartsWith("2025-11-21T10:00:00", (string?)entry["timestamp"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_protobuf_or_mistyped_JSON_is_a_400_Status_and_stores_nothing()
    {
        var truncated = new ByteArrayContent([0x0A, 0x10, 0x12, 0x05]);
        truncated.Headers.ContentType = new("application/x-protobuf");
        using var bad = await _silo.Client.PostAsync("/v1/logs", truncated);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/x-protobuf", bad.Content.Headers.ContentType!.MediaType);
        Assert.NotEmpty(await bad.Content.ReadAsByteArrayAsync());

        using var mistyped = await _silo.Client.PostAsync("/v1/logs", new StringContent("""{"resourceLogs":{"not":"a list"}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, mistyped.StatusCode);
        Assert.Contains("ExportLogsServiceRequest", (string?)JsonNode.Parse(await mistyped.Content.ReadAsStringAsync())!["message"], StringComparison.Ordinal);

        using var text = await _silo.Client.PostAsync("/v1/logs", new StringContent("hello", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Empty((await _silo.Client.GetNode("/api/v1/logs?limit=10"))["items"]!.AsArray());
    }

    private async Task<List<JsonNode>> Items(string query)
        => [.. (await _silo.Client.GetNode($"/api/v1/logs?limit=100&{query}"))["items"]!.AsArray().Select(i => i!)];

    public async Task DisposeAsync() => await _silo.DisposeAsync();
}
