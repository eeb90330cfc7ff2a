using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Elastic.Clients.Elasticsearch;
using Sawmill.Grains.Tests.Support;
using Sawmill.Silo.Tests.Support;

namespace Sawmill.Silo.Tests.Protocols;

/// <summary>The Elasticsearch bulk API under /api/v1/_elastic, fed by Elastic's own .NET client and by hand.</summary>
public sealed class ElasticBulkTests : IAsyncLifetime
{
    private TestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync();

    private ElasticsearchClient Client(bool gzip = false)
        => new(new ElasticsearchClientSettings(new Uri(_silo.Client.BaseAddress!, "/api/v1/_elastic/")).EnableHttpCompression(gzip));

    [Fact]
    public async Task Elastics_client_bulk_indexes_ECS_documents_and_gets_a_per_item_answer()
    {
        var documents = new[]
        {
            Document("doc-1", "2026-11-21T10:00:00Z", "info", "order placed", "shop-1"),
            Document("doc-2", "2026-11-21T10:00:01Z", "error", "payment failed", "shop-1", error: new JsonObject { ["code"] = "E42", ["message"] = "card declined" }),
            Document("doc-3", "2026-11-21T10:00:02Z", "LOUD", "not a level", "shop-1"),
        };
        var client = Client();

        var response = await client.BulkAsync(b => b.Index("app-logs").CreateMany(documents, (op, d) => op.Id((string)d["event"]!["id"]!)));

        // The client calls a bulk with a failed item invalid; the call itself succeeded.
        Assert.Equal(200, response.ApiCallDetails.HttpStatusCode);
        Assert.True(response.Errors);
        Assert.Equal([201, 201, 400], response.Items.Select(i => i.Status));
        Assert.Contains("log_level", response.Items.ElementAt(2).Error!.Reason, StringComparison.Ordinal);
        Assert.Equal("app-logs", response.Items.First().Index);

        await Await.UntilAsync(async () => (await Items("service=Shop")).Count == 2, "the two valid documents searchable");
        var error = (await Items("service=Shop&level=ERROR")).Single();
        Assert.Equal(("payment failed", "shop-1", "doc-2"), ((string?)error["message"], (string?)error["node_id"], (string?)error["log_id"]));
        Assert.Equal("E42", (string?)error["error_details"]!["error_code"]);
        Assert.Equal("card declined", (string?)error["error_details"]!["error_message"]);
        Assert.Equal(DateTimeOffset.Parse("2026-11-21T10:00:01Z", System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse((string)error["timestamp"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("abc123", (string?)error["trace"]!["id"]);

        // A shipper's retry resends the same _ids: the entries are stored once. This one gzips its body, as Filebeat
        // and Logstash do by default.
        var again = await Client(gzip: true).BulkAsync(b => b.Index("app-logs").CreateMany(documents.Take(2), (op, d) => op.Id((string)d["event"]!["id"]!)));
        Assert.True(again.IsValidResponse, again.DebugInformation);
        Assert.Equal(2, (await Items("service=Shop")).Count);
    }

    [Fact]
    public async Task The_root_answers_like_Elasticsearch_and_dotted_non_ECS_fields_map_too()
    {
        using var root = await _silo.Client.GetAsync("/api/v1/_elastic/");
        Assert.Equal("Elasticsearch", root.Headers.GetValues("X-Elastic-Product").Single());
        Assert.StartsWith("9.", (string?)JsonNode.Parse(await root.Content.ReadAsStringAsync())!["version"]!["number"], StringComparison.Ordinal);

        const string body = """
            {"index":{}}
            {"@timestamp":"2026-11-21T10:00:00Z","log.level":"warning","message":"disk at 91%","hostname":"db-2","service.name":"Storage","disk":"/var"}
            {"delete":{"_id":"x"}}
            {"create":{"_index":"other"}}
            {"timestamp":"2026-11-21T10:00:01Z","severity":"ERROR","message":"checkpoint failed","host":"db-2","service":"Storage"}
            """;
        using var response = await Post("/api/v1/_elastic/fluent-bit/_bulk", body);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((bool)answer["errors"]!);
        var items = answer["items"]!.AsArray();
        Assert.Equal([201, 400, 201], items.Select(i => (int)i!.AsObject().Single().Value!["status"]!));
        Assert.Equal("fluent-bit", (string?)items[0]!["index"]!["_index"]);
        Assert.Equal("other", (string?)items[2]!["create"]!["_index"]);

        await Await.UntilAsync(async () => (await Items("service=Storage")).Count == 2, "both documents stored");
        var warn = (await Items("service=Storage&level=WARN")).Single(i => (string?)i["log_level"] == "WARN");
        Assert.Equal(("db-2", "/var"), ((string?)warn["node_id"], (string?)warn["disk"]));
    }

    [Fact]
    public async Task A_bad_action_line_refuses_the_request_as_Elasticsearch_does_and_stores_none_of_it()
    {
        using var response = await Post("/api/v1/_elastic/_bulk", """
            {"index":{}}
            {"message":"kept?","service.name":"Refused"}
            {"upsert":{}}
            {"message":"after the bad action","service.name":"Refused"}
            """);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(400, (int)error["status"]!);
        Assert.Contains("upsert", (string?)error["error"]!["reason"], StringComparison.Ordinal);

        using var fine = await Post("/api/v1/_elastic/_bulk", "{\"index\":{}}\n{\"message\":\"next request\",\"service.name\":\"Refused\"}\n");
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
        await Await.UntilAsync(async () => (await Items("service=Refused")).Count == 1, "only the next request's document");
        Assert.Equal("next request", (string?)(await Items("service=Refused")).Single()["message"]);
    }

    private static JsonObject Document(string id, string time, string level, string message, string host, JsonObject? error = null)
    {
        var document = new JsonObject
        {
            ["@timestamp"] = time,
            ["log"] = new JsonObject { ["level"] = level },
            ["message"] = message,
            ["host"] = new JsonObject { ["name"] = host },
            ["service"] = new JsonObject { ["name"] = "Shop" },
            ["event"] = new JsonObject { ["id"] = id },
            ["trace"] = new JsonObject { ["id"] = "abc123" },
        };
        if (error is not null) document["error"] = error;
        return document;
    }

    private Task<HttpResponseMessage> Post(string path, string body)
        => _silo.Client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/x-ndjson"));

    private async Task<List<JsonNode>> Items(string query)
        => [.. (await _silo.Client.GetNode($"/api/v1/logs?limit=100&{query}"))["items"]!.AsArray().Select(i => i!)];

    public async Task DisposeAsync() => await _silo.DisposeAsync();
}
