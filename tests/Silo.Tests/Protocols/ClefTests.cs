using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Sawmill.Grains.Tests.Support;
using Sawmill.Silo.Tests.Support;
using Serilog;

namespace Sawmill.Silo.Tests.Protocols;

/// <summary>Seq's CLEF endpoints, fed by the real Serilog.Sinks.Seq and by hand for the bad-input cases.</summary>
public sealed class ClefTests : IAsyncLifetime
{
    private TestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync();

    [Fact]
    public async Task Serilog_Sinks_Seq_ships_to_the_silo_with_only_the_server_URL_changed()
    {
        using (var log = new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .Enrich.WithProperty("Application", "Checkout")
            .Enrich.WithProperty("MachineName", "web-7")
            .WriteTo.Seq(_silo.Client.BaseAddress!.ToString(), apiKey: "unused-until-keys", period: TimeSpan.FromMilliseconds(20))
            .CreateLogger())
        {
            log.Information("User {UserId} paid {Amount:0.00} in {City}", 42, 12.5, "Zürich");
            log.Warning("Slow checkout for {UserId}", 42);
            log.Error(new InvalidOperationException("card declined"), "Payment {PaymentId} failed", "p-1");
        } // disposing flushes the sink's batch

        await Await.UntilAsync(async () => (await Items("service=Checkout")).Count == 3, "the three Serilog events searchable");
        var items = await Items("service=Checkout");
        var info = items.Single(i => (string?)i["log_level"] == "INFO");
        Assert.Equal("User 42 paid 12.50 in Zürich", (string?)info["message"]);
        Assert.Equal("web-7", (string?)info["node_id"]);
        Assert.Equal("User {UserId} paid {Amount:0.00} in {City}", (string?)info["message_template"]);
        Assert.Equal(42, (int)info["UserId"]!);
        Assert.Equal("WARN", (string?)items.Single(i => ((string?)i["message"])!.StartsWith("Slow", StringComparison.Ordinal))["log_level"]);
        var error = items.Single(i => (string?)i["log_level"] == "ERROR");
        Assert.Equal("Payment p-1 failed", (string?)error["message"]);
        Assert.Equal("System.InvalidOperationException", (string?)error["error_details"]!["error_code"]);
        Assert.StartsWith("System.InvalidOperationException: card declined", (string?)error["error_details"]!["error_message"]);

        // Every event of one template, as Seq's @MessageTemplate filter finds them; and a rendered value in full text.
        Assert.Single(await Items("message_template=" + Uri.EscapeDataString("User {UserId} paid {Amount:0.00} in {City}")));
        Assert.Single(await Items("q=Zürich"));
    }

    [Fact]
    public async Task A_line_without_its_timestamp_is_refused_alone_and_the_others_are_stored()
    {
        var body = """
            {"@t":"2026-11-21T10:00:00Z","@mt":"first {N}","N":1,"Application":"Bad","NodeId":"n-1","log_id":"clef-1"}
            {"@mt":"no time"}
            not json
            {"@t":"2026-11-21T10:00:01Z","@m":"third","@l":"Shouting","Application":"Bad","NodeId":"n-1"}
            {"@t":"2026-11-21T10:00:02Z","@m":"fourth","Application":"Bad","NodeId":"n-1","log_id":"clef-4"}
            """;
        using var response = await Post("/ingest/clef", body, "application/vnd.serilog.clef");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(2, (int)answer["accepted"]!);
        var rejected = answer["rejected"]!.AsArray();
        Assert.Equal([1, 2, 3], rejected.Select(r => (int)r!["index"]!));
        Assert.Equal("@t", (string?)rejected[0]!["field"]);
        Assert.Contains("Malformed JSON", (string?)rejected[1]!["error"], StringComparison.Ordinal);
        Assert.Equal("log_level", (string?)rejected[2]!["field"]);
        await Await.UntilAsync(async () => (await Items("service=Bad")).Count == 2, "the two good lines stored");
        Assert.Equal(["clef-1", "clef-4"], (await Items("service=Bad")).Select(i => (string?)i["log_id"]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Seq_s_raw_endpoint_takes_CLEF_by_query_or_content_type_and_answers_Seq_s_error_shape_otherwise()
    {
        const string line = """{"@t":"2026-11-21T10:00:00Z","@m":"raw","Application":"Raw"}""";
        using (var byQuery = await Post("/api/events/raw?clef", line, "application/json"))
            Assert.Equal(HttpStatusCode.Created, byQuery.StatusCode);
        using (var byType = await Post("/api/events/raw", line, "application/vnd.serilog.clef; charset=utf-8"))
            Assert.Equal(HttpStatusCode.Created, byType.StatusCode);

        using var legacy = await Post("/api/events/raw", """{"Events":[]}""", "application/json");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, legacy.StatusCode);
        Assert.Contains("?clef", (string?)JsonNode.Parse(await legacy.Content.ReadAsStringAsync())!["Error"], StringComparison.Ordinal);

        using var allBad = await Post("/ingest/clef", """{"@m":"no time"}""", "application/vnd.serilog.clef");
        Assert.Equal(HttpStatusCode.BadRequest, allBad.StatusCode);
        Assert.Contains("@t", (string?)JsonNode.Parse(await allBad.Content.ReadAsStringAsync())!["Error"], StringComparison.Ordinal);

        // Without NodeId or MachineName the client's address is the node.
        await Await.UntilAsync(async () => (await Items("service=Raw")).Count == 2, "both raw events stored");
        Assert.All(await Items("service=Raw"), i => Assert.Equal("127.0.0.1", (string?)i["node_id"]));
    }

    private Task<HttpResponseMessage> Post(string path, string body, string contentType)
        => _silo.Client.PostAsync(path, new StringContent(body, Encoding.UTF8, contentType.Split(';')[0]) { Headers = { ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType) } });

    private async Task<List<JsonNode>> Items(string query)
        => [.. (await _silo.Client.GetNode($"/api/v1/logs?limit=100&{query}"))["items"]!.AsArray().Select(i => i!)];

    public async Task DisposeAsync() => await _silo.DisposeAsync();
}
