using System.Net;
using System.Text;
using Sawmill.Silo.Tests.Support;

namespace Sawmill.Silo.Tests;

/// <summary>SPEC.md, "Bad input": each case answers its 4xx with a clear error, stores nothing, and the silo keeps serving.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private TestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync(new() { ["Ingestion:MaxBodyBytes"] = "65536" });

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    public static TheoryData<string, string, string?, string> Cases => new()
    {
        // name, body, field the error must name (null: the item or body as a whole), words the error must contain
        { "malformed JSON", """[{"message_type":"LOG",""", null, "Malformed JSON" },
        { "not JSON at all", "hello", null, "Malformed JSON" },
        { "empty body", "", null, "empty" },
        { "empty array", "[]", null, "no messages" },
        { "a scalar item", "[42]", null, "must be a JSON object" },
        { "missing message_type", """{"node_id":"n"}""", "message_type", "required" },
        { "unknown message_type", """{"message_type":"METRIC","node_id":"n"}""", "message_type", "Unknown message_type" },
        { "unknown level", """{"message_type":"LOG","node_id":"n","log_level":"VERBOSE","message":"m","service_name":"s"}""", "log_level", "Unknown log_level" },
        { "missing node_id", """{"message_type":"LOG","log_level":"INFO","message":"m","service_name":"s"}""", "node_id", "required" },
        { "missing message on INFO", """{"message_type":"LOG","node_id":"n","log_level":"INFO","service_name":"s"}""", "message", "required" },
        { "missing service_name", """{"message_type":"LOG","node_id":"n","log_level":"INFO","message":"m"}""", "service_name", "required" },
        { "wrong type", """{"message_type":"LOG","node_id":["n"],"log_level":"INFO","message":"m","service_name":"s"}""", "node_id", "must be a string" },
        { "node_id over 128", $$"""{"message_type":"HEARTBEAT","node_id":"{{new string('n', 129)}}"}""", "node_id", "limit is 128" },
        { "timestamp without offset", """{"message_type":"HEARTBEAT","node_id":"n","timestamp":"2026-11-21T10:00:00"}""", "timestamp", "UTC offset" },
        { "non-numeric response time", """{"message_type":"LOG","node_id":"n","log_level":"WARN","service_name":"s","response_time_ms":"slow"}""", "response_time_ms", "must be a number" },
        { "huge number", """{"message_type":"LOG","node_id":"n","log_level":"WARN","service_name":"s","response_time_ms":1e400}""", "response_time_ms", "between 0 and 1e15" },
        { "error_details not an object", """{"message_type":"LOG","node_id":"n","log_level":"ERROR","service_name":"s","error_details":"E42"}""", "error_details", "must be an object" },
        { "nested wrong type", """{"message_type":"LOG","node_id":"n","log_level":"ERROR","service_name":"s","error_details":{"error_message":7}}""", "error_details.error_message", "must be a string" },
        { "escaped control character", """{"message_type":"HEARTBEAT","node_id":"n\u0000x"}""", "node_id", "control characters" },
        { "raw control character", "{\"message_type\":\"HEARTBEAT\",\"node_id\":\"n\u0001x\"}", null, "Malformed JSON" },
        { "deep nesting", "[{\"message_type\":\"HEARTBEAT\",\"node_id\":\"n\",\"deep\":" + new string('[', 200) + new string(']', 200) + "}]", null, "Malformed JSON" },
        { "content after the array", "[] {}", null, "after the closing" },
        { "unclosed array", "[ ", null, "Malformed JSON" },
        { "unknown status", """{"message_type":"HEARTBEAT","node_id":"n","status":"MAYBE"}""", "status", "expected UP or DOWN" },
        { "lone surrogate in the message", """{"message_type":"LOG","node_id":"n","log_level":"INFO","message":"x\ud800y","service_name":"s"}""", "message", "lone UTF-16 surrogate" },
        { "lone surrogate in error_details", """{"message_type":"LOG","node_id":"n","log_level":"ERROR","service_name":"s","error_details":{"error_code":"E\udbff"}}""", "error_details.error_code", "lone UTF-16 surrogate" },
        { "lone surrogate in a property name", """{"message_type":"LOG","node_id":"n","log_level":"INFO","message":"m","service_name":"s","pro\ud800p":1}""", "(a property name)", "lone UTF-16 surrogate" },
        { "lone surrogate in a heartbeat's node_id", """{"message_type":"HEARTBEAT","node_id":"h\ud800"}""", "node_id", "lone UTF-16 surrogate" },
        { "lone surrogate in a property value", """{"message_type":"LOG","node_id":"n","log_level":"INFO","message":"m","service_name":"s","prop":"v\ud800"}""", "prop", "lone UTF-16 surrogate" },
        { "lone low surrogate deep inside", """{"message_type":"LOG","node_id":"n","log_level":"INFO","message":"m","service_name":"s","nested":{"a":[1,"\udc00"]}}""", "nested.a[1]", "lone UTF-16 surrogate" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_answers_400_naming_the_problem_and_stores_nothing(string name, string body, string? field, string words)
    {
        using var response = await _silo.Client.PostEvents(body);

        var problem = await response.ReadNode();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: expected 400, got {(int)response.StatusCode} {problem.ToJsonString()}");
        var error = Assert.Single(problem["errors"]!.AsArray())!;
        Assert.Equal(0, (int)error["index"]!);
        Assert.Equal(field, (string?)error["field"]);
        Assert.Contains(words, (string?)error["error"], StringComparison.OrdinalIgnoreCase);
        await AssertNothingStoredAndStillServing();
    }

    [Fact]
    public async Task Invalid_utf8_answers_400_and_stores_nothing()
    {
        var bytes = Encoding.UTF8.GetBytes(Examples.Log("utf", message: "caf__")).ToList();
        var at = bytes.IndexOf((byte)'_');
        bytes[at] = 0xC3; bytes[at + 1] = 0x28; // a lead byte followed by a non-continuation byte
        foreach (var contentType in new[] { "application/json", "application/x-ndjson" })
        {
            var content = new ByteArrayContent([.. bytes]);
            content.Headers.ContentType = new(contentType);
            using var response = await _silo.Client.PostAsync("/api/v1/events", content);
            var problem = await response.ReadNode();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{contentType}: {(int)response.StatusCode} {problem.ToJsonString()}");
            Assert.Contains("UTF-8", problem.ToJsonString());
        }
        await AssertNothingStoredAndStillServing();
    }

    [Fact]
    public async Task Body_over_the_limit_answers_413_and_stores_nothing()
    {
        var body = string.Join("\n", Enumerable.Range(0, 1000).Select(i => Examples.Log($"big-{i}")));
        using var response = await _silo.Client.PostEvents(body, "application/x-ndjson");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("65536", (string?)(await response.ReadNode())["detail"]);

        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body)));
        chunked.Headers.ContentType = new("application/x-ndjson");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using var streamed = await _silo.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);
        await AssertNothingStoredAndStillServing();
    }

    [Fact]
    public async Task Gzip_bomb_stops_at_the_limit_with_413()
    {
        using var compressed = new MemoryStream();
        await using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes("[" + Examples.Log("bomb") + "," + new string(' ', 5_000_000) + "]"));
        }
        var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentType = new("application/json");
        content.Headers.ContentEncoding.Add("gzip");
        using var response = await _silo.Client.PostAsync("/api/v1/events", content);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertNothingStoredAndStillServing();
    }

    [Fact]
    public async Task Unknown_content_encoding_answers_415()
    {
        var content = Json.Body(Examples.Log("br"));
        content.Headers.ContentEncoding.Add("br");
        using var response = await _silo.Client.PostAsync("/api/v1/events", content);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        await AssertNothingStoredAndStillServing();
    }

    [Fact]
    public async Task A_poison_item_is_rejected_alone_and_a_concurrent_good_request_is_stored()
    {
        var poison = """
            [{"message_type":"LOG","log_id":"ok-1","node_id":"n","log_level":"INFO","message":"kept \ud83d\ude80","service_name":"s"},
             {"message_type":"LOG","log_id":"bad-1","node_id":"n","log_level":"INFO","message":"m","service_name":"s","prop":"v\ud800"}]
            """;
        var good = """{"message_type":"LOG","log_id":"ok-2","node_id":"other","log_level":"INFO","message":"innocent","service_name":"s"}""";

        var responses = await Task.WhenAll(_silo.Client.PostEvents(poison), _silo.Client.PostEvents(good));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        var rejected = Assert.Single((await responses[0].ReadNode())["rejected"]!.AsArray())!;
        Assert.Equal((1, "prop"), ((int)rejected["index"]!, (string?)rejected["field"]));
        Assert.Equal(["ok-1", "ok-2"], (await _silo.Client.SearchIds("limit=10")).Order());
        Assert.Equal("kept \U0001F680", (string?)(await _silo.Client.GetNode("/api/v1/logs/ok-1"))["message"]);
        foreach (var response in responses) response.Dispose();
    }

    [Fact]
    public async Task A_timestamp_far_in_the_future_is_stored_at_the_receive_time_with_the_sent_one_kept()
    {
        var before = DateTimeOffset.UtcNow;
        using var response = await _silo.Client.PostEvents("""
            {"message_type":"LOG","log_id":"future-1","node_id":"n","log_level":"INFO","message":"from year 9999","service_name":"s","timestamp":"9999-12-31T23:59:59Z"}
            """);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var entry = await _silo.Client.GetNode("/api/v1/logs/future-1");
        var stored = DateTimeOffset.Parse((string)entry["timestamp"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(stored, before, DateTimeOffset.UtcNow);
        Assert.Equal("9999-12-31T23:59:59.0000000+00:00", (string?)entry["sent_timestamp"]);
    }

    private async Task AssertNothingStoredAndStillServing()
    {
        Assert.Empty((await _silo.Client.GetNode("/api/v1/logs"))["items"]!.AsArray());
        using var health = await _silo.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
