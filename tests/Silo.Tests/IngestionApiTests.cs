using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Sawmill.Grains.Tests.Support;
using Sawmill.Silo.Ingestion;
using Sawmill.Silo.Tests.Support;

namespace Sawmill.Silo.Tests;

public sealed class IngestionApiTests : IAsyncLifetime
{
    private TestSilo _silo = null!;

    private HttpClient Client => _silo.Client;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync();

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task Spec_example_logs_come_back_with_every_field_intact()
    {
        using var response = await Client.PostEvents(Examples.Array([Examples.Registration, .. Examples.Logs, Examples.Heartbeat]));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = await response.ReadNode();
        Assert.Equal(6, (int)answer["accepted"]!);
        Assert.Empty(answer["rejected"]!.AsArray());

        foreach (var example in Examples.Logs)
        {
            var sent = Json.Object(example);
            var stored = (await Client.GetNode($"/api/v1/logs/{sent["log_id"]}")).AsObject();
            // The same instant and offset; "01.250" may come back as "01.25".
            Assert.Equal(DateTimeOffset.Parse((string)sent["timestamp"]!).ToString("O"), DateTimeOffset.Parse((string)stored["timestamp"]!).ToString("O"));
            sent.Remove("timestamp");
            stored.Remove("timestamp");
            Assert.True(Json.SameJson(sent, stored), $"Expected {sent.ToJsonString()}\nbut got {stored.ToJsonString()}");
        }
    }

    [Fact]
    public async Task Registration_is_stored_with_its_metadata_and_heartbeats_are_not_stored()
    {
        using var response = await Client.PostEvents(Examples.Array(Examples.Registration, Examples.Heartbeat));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var page = await Client.GetNode("/api/v1/logs?node=payment-7f9c");
        var registration = Assert.Single(page["items"]!.AsArray())!.AsObject();
        var sent = Json.Object(Examples.Registration);
        sent.Remove("timestamp");
        Assert.Equal(DateTimeOffset.Parse("2026-11-21T12:00:00+02:00").ToString("O"), DateTimeOffset.Parse((string)registration["timestamp"]!).ToString("O"));
        foreach (var (name, value) in sent) Assert.True(Json.SameJson(value, registration[name]), $"{name}: expected {value?.ToJsonString()}, got {registration[name]?.ToJsonString()}");
        Assert.False(string.IsNullOrEmpty((string?)registration["log_id"]), "a stored registration gets a log_id");
    }

    [Fact]
    public async Task Warn_with_numeric_strings_and_level_aliases_is_normalised()
    {
        using var response = await Client.PostEvents("""
            {"message_type":"log","log_id":"w1","node_id":"n1","log_level":"warning","service_name":"S","response_time_ms":"850.5","threshold_limit_ms":"500"}
            """);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var stored = await Client.GetNode("/api/v1/logs/w1");
        Assert.Equal("WARN", (string?)stored["log_level"]);
        Assert.Equal(850.5, (double)stored["response_time_ms"]!);
        Assert.Equal(500, (double)stored["threshold_limit_ms"]!);
        Assert.Equal("", (string?)stored["message"]);
        Assert.NotNull(stored["timestamp"]);
    }

    [Fact]
    public async Task Batch_of_three_good_and_two_bad_items_accepts_three_and_names_each_error()
    {
        var body = Examples.Array(
            Examples.Log("good-1"),
            """{"message_type":"LOG","log_id":"bad-1","node_id":"n","log_level":"LOUD","message":"x","service_name":"S"}""",
            Examples.Log("good-2"),
            """{"message_type":"LOG","log_id":"bad-2","log_level":"INFO","message":"x","service_name":"S"}""",
            Examples.Log("good-3"));

        using var response = await Client.PostEvents(body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = await response.ReadNode();
        Assert.Equal(3, (int)answer["accepted"]!);
        var rejected = answer["rejected"]!.AsArray().Select(e => ((int)e!["index"]!, (string?)e["field"])).ToList();
        Assert.Equal([(1, "log_level"), (3, "node_id")], rejected);
        Assert.All(answer["rejected"]!.AsArray(), e => Assert.False(string.IsNullOrWhiteSpace((string?)e!["error"])));

        Assert.Equal(["good-1", "good-2", "good-3"], (await Client.SearchIds("node=node-1")).Order());
    }

    [Fact]
    public async Task Ndjson_with_a_broken_line_keeps_the_good_lines()
    {
        var body = string.Join("\n", Examples.Log("l0"), "{\"message_type\":\"LOG\",", "", Examples.Log("l2"), Examples.Log("l3")) + "\n";
        using var response = await Client.PostEvents(body, "application/x-ndjson");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = await response.ReadNode();
        Assert.Equal(3, (int)answer["accepted"]!);
        var error = Assert.Single(answer["rejected"]!.AsArray())!;
        Assert.Equal(1, (int)error["index"]!);
        Assert.Contains("Malformed JSON", (string?)error["error"]);
        Assert.Equal(["l0", "l2", "l3"], (await Client.SearchIds("node=node-1")).Order());
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("text/plain")]
    public async Task Json_sent_with_another_content_type_is_accepted_as_curl_users_send_it(string contentType)
    {
        using var response = await Client.PostEvents(Examples.Log("curl-1"), contentType);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(["curl-1"], await Client.SearchIds("node=node-1"));
    }

    [Fact]
    public async Task Gzip_body_is_accepted()
    {
        var raw = Encoding.UTF8.GetBytes(string.Join("\n", Enumerable.Range(0, 50).Select(i => Examples.Log($"gz-{i:D2}"))));
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) await gzip.WriteAsync(raw);
        var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentType = new("application/x-ndjson");
        content.Headers.ContentEncoding.Add("gzip");

        using var response = await Client.PostAsync("/api/v1/events", content);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(50, (int)(await response.ReadNode())["accepted"]!);
        Assert.Equal(50, (await Client.SearchIds("node=node-1&limit=100")).Count);
    }

    [Fact]
    public async Task Repeated_log_id_from_the_same_node_is_stored_once()
    {
        for (var i = 0; i < 3; i++)
        {
            using var response = await Client.PostEvents(Examples.Log("retry-1"));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
        Assert.Equal(["retry-1"], await Client.SearchIds("node=node-1"));
    }

    [Fact]
    public async Task Log_without_log_id_gets_a_sortable_unique_id()
    {
        using var response = await Client.PostEvents(Examples.Array(
            """{"message_type":"LOG","node_id":"anon","log_level":"INFO","message":"first","service_name":"S","timestamp":"2026-11-21T10:00:00Z"}""",
            """{"message_type":"LOG","node_id":"anon","log_level":"INFO","message":"second","service_name":"S","timestamp":"2026-11-21T10:00:00Z"}"""));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var page = await Client.GetNode("/api/v1/logs?node=anon");
        var byMessage = page["items"]!.AsArray().ToDictionary(i => (string)i!["message"]!, i => (string)i!["log_id"]!);
        Assert.Equal(26, byMessage["first"].Length);
        Assert.True(string.CompareOrdinal(byMessage["first"], byMessage["second"]) < 0, "ids sort in the order they were assigned");
    }

    [Fact]
    public async Task Answers_are_problem_details_naming_index_and_field()
    {
        using var response = await Client.PostEvents("""[{"message_type":"LOG","node_id":"n","log_level":"INFO","message":"x","service_name":42}]""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadNode();
        Assert.Equal(400, (int)problem["status"]!);
        var error = Assert.Single(problem["errors"]!.AsArray())!;
        Assert.Equal(0, (int)error["index"]!);
        Assert.Equal("service_name", (string?)error["field"]);
        Assert.Contains("must be a string", (string?)error["error"]);
    }

    [Fact]
    public async Task Too_many_concurrent_requests_answer_429_with_retry_after()
    {
        // Kestrel would otherwise end the held request for sending too slowly (MinRequestBodyDataRate) and free the permit.
        await using var silo = await TestSilo.StartAsync(
            new() { ["Ingestion:MaxConcurrentRequests"] = "1" },
            services => services.Configure<KestrelServerOptions>(o => o.Limits.MinRequestBodyDataRate = null));
        var limiter = silo.Services.GetRequiredService<IngestionLimiter>();
        var held = new HeldContent();
        var first = silo.Client.PostAsync("/api/v1/events", held);
        await held.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Await.Until(() => limiter.AvailablePermits == 0, "the held request to take the only ingestion permit");

        var second = await silo.Client.PostEvents(Examples.Log("x"));
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal("1", second.Headers.GetValues("Retry-After").Single());
        Assert.Equal(429, (int)(await second.ReadNode())["status"]!);
        second.Dispose();

        held.Release.SetResult();
        using var firstResponse = await first;
        Assert.Equal(HttpStatusCode.Accepted, firstResponse.StatusCode);
    }

    [Fact]
    public void The_ingestion_limiter_limits_and_is_never_idle_so_the_middleware_never_disposes_it()
    {
        // The rate limiting middleware disposes a partition's limiter that idled for 10 s, then asks for it again:
        // the silo's one limiter must never count as idle, or every request after a quiet spell fails.
        using var limiter = new IngestionLimiter(Microsoft.Extensions.Options.Options.Create(new IngestionOptions { MaxConcurrentRequests = 1 }));
        Assert.Null(limiter.IdleDuration);

        using (var first = limiter.AttemptAcquire())
        {
            Assert.True(first.IsAcquired);
            using var second = limiter.AttemptAcquire();
            Assert.False(second.IsAcquired);
            Assert.Equal(0, limiter.AvailablePermits);
        }
        Assert.Null(limiter.IdleDuration);
        using var again = limiter.AttemptAcquire();
        Assert.True(again.IsAcquired);
    }

    /// <summary>A body that sends its first bytes, then waits for the test before finishing.</summary>
    private sealed class HeldContent : HttpContent
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes("[" + Examples.Log("held")));
            await stream.FlushAsync();
            Started.SetResult();
            await Release.Task;
            await stream.WriteAsync("]"u8.ToArray());
        }

        protected override bool TryComputeLength(out long length) { length = 0; return false; }
    }
}
