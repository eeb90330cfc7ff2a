using System.Net;
using Sawmill.Silo.Tests.Support;

namespace Sawmill.Silo.Tests;

public sealed class QueryApiTests : IAsyncLifetime
{
    private TestSilo _silo = null!;

    private HttpClient Client => _silo.Client;

    public async Task InitializeAsync()
    {
        _silo = await TestSilo.StartAsync();
        using var response = await Client.PostEvents(Examples.Array(
            Entry("a1", "INFO", "node-a", "OrderService", "2026-11-21T10:00:00Z", "order created for customer", ""","order_id":1"""),
            Entry("a2", "WARN", "node-a", "OrderService", "2026-11-21T10:01:00Z", "slow inventory call", ""","response_time_ms":900,"threshold_limit_ms":500"""),
            Entry("a3", "WARN", "node-a", "OrderService", "2026-11-21T10:02:00Z", "slow payment call", ""","response_time_ms":300,"threshold_limit_ms":250"""),
            Entry("b1", "ERROR", "node-b", "PaymentService", "2026-11-21T10:03:00Z", "card declined", ""","error_details":{"error_code":"E42","error_message":"insufficient funds"}"""),
            Entry("b2", "FATAL", "node-b", "PaymentService", "2026-11-21T10:04:00Z", "database unreachable", ""","error_details":{"error_code":"DB1","error_message":"connection refused"}"""),
            Entry("b3", "DEBUG", "node-b", "PaymentService", "2026-11-21T10:05:00Z", "cache warmed", ",\"region\":\"eu-west-1\""),
            Entry("c1", "INFO", "node-c", "InventoryService", "2026-11-21T11:00:00Z", "stock reserved for order", ",\"region\":\"us-east-1\"")));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    private static string Entry(string id, string level, string node, string service, string time, string message, string extra)
        => $$"""{"message_type":"LOG","log_id":"{{id}}","node_id":"{{node}}","log_level":"{{level}}","message":"{{message}}","service_name":"{{service}}","timestamp":"{{time}}"{{extra}}}""";

    [Theory]
    [InlineData("", "c1 b3 b2 b1 a3 a2 a1")]
    [InlineData("level=WARN", "b2 b1 a3 a2")]
    [InlineData("level=ERROR,FATAL", "b2 b1")]
    [InlineData("level=info&level=debug", "c1 b3 a1")]
    [InlineData("service=PaymentService", "b3 b2 b1")]
    [InlineData("service=OrderService,InventoryService", "c1 a3 a2 a1")]
    [InlineData("node=node-c", "c1")]
    [InlineData("from=2026-11-21T10:01:00Z&to=2026-11-21T10:04:00Z", "b1 a3 a2")]
    [InlineData("from=2026-11-21T12:00:00%2B02:00", "c1 b3 b2 b1 a3 a2 a1")]
    [InlineData("q=order", "c1 a1")]
    [InlineData("q=slow AND payment", "a3")]
    [InlineData("q=%22card declined%22", "b1")]
    [InlineData("q=slow NOT inventory", "a3")]
    [InlineData("q=declined OR unreachable", "b2 b1")]
    [InlineData("q=reserv*", "c1")]
    [InlineData("q=insufficient", "b1")]
    [InlineData("q=eu", "b3")]
    [InlineData("error_code=E42", "b1")]
    [InlineData("response_time_ms>500", "a2")]
    [InlineData("response_time_ms<=300", "a3")]
    [InlineData("region=us-east-1", "c1")]
    [InlineData("region!=us-east-1&node=node-b", "b3")]
    [InlineData("order_id=1", "a1")]
    [InlineData("q=slow&level=WARN&service=OrderService&response_time_ms>=300", "a3 a2")]
    public async Task Filters_return_exactly_the_expected_entries_newest_first(string query, string expected)
    {
        Assert.Equal(expected.Split(' '), await Client.SearchIds(query));
    }

    [Fact]
    public async Task Pages_follow_the_cursor_without_gaps_or_repeats()
    {
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await Client.GetNode($"/api/v1/logs?limit=3{(cursor is null ? "" : $"&cursor={cursor}")}");
            seen.AddRange(page["items"]!.AsArray().Select(i => (string)i!["log_id"]!));
            cursor = (string?)page["next_cursor"];
        } while (cursor is not null);

        Assert.Equal(["c1", "b3", "b2", "b1", "a3", "a2", "a1"], seen);
    }

    [Fact]
    public async Task Histogram_counts_each_level_per_bucket()
    {
        var histogram = await Client.GetNode("/api/v1/logs/histogram?from=2026-11-21T10:00:00Z&to=2026-11-21T12:00:00Z&interval=1h");

        Assert.Equal(3600, (double)histogram["interval_seconds"]!);
        var buckets = histogram["buckets"]!.AsArray();
        Assert.Equal(2, buckets.Count);
        Assert.Equal(DateTimeOffset.Parse("2026-11-21T10:00:00Z"), (DateTimeOffset)buckets[0]!["start"]!);
        Assert.Equal(6, (long)buckets[0]!["total"]!);
        Assert.Equal(2, (long)buckets[0]!["counts"]!["WARN"]!);
        Assert.Equal(1, (long)buckets[0]!["counts"]!["FATAL"]!);
        Assert.Equal(1, (long)buckets[1]!["counts"]!["INFO"]!);
    }

    [Theory]
    [InlineData("/api/v1/logs?q=%22unclosed", "q")]
    [InlineData("/api/v1/logs?level=LOUD", "level")]
    [InlineData("/api/v1/logs?from=yesterday", "from")]
    [InlineData("/api/v1/logs?limit=0", "limit")]
    [InlineData("/api/v1/logs?cursor=not-a-cursor", "cursor")]
    [InlineData("/api/v1/logs/histogram?interval=soon", "interval")]
    [InlineData("/api/v1/logs?bad%20name=1", "bad name=1")]
    [InlineData("/api/v1/logs?q=%00", "q")]
    [InlineData("/api/v1/logs?node=n%00", "node")]
    [InlineData("/api/v1/logs?from=-99999999d", "from")]
    [InlineData("/api/v1/logs?from=-9223372036854775808m", "from")]
    [InlineData("/api/v1/logs/histogram?from=-99999999d", "from")]
    [InlineData("/api/v1/logs/histogram?from=-9223372036854775808m&interval=1m", "from")]
    [InlineData("/api/v1/logs/histogram?q=%00", "q")]
    [InlineData("/api/v1/logs/histogram?interval=99999999d", "interval")]
    // No range: the stored entries span minutes, which 1 ms buckets would cut into far more than the limit.
    [InlineData("/api/v1/logs/histogram?interval=1ms", "interval")]
    public async Task Bad_query_answers_400_naming_the_parameter(string url, string parameter)
    {
        using var response = await Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadNode();
        Assert.Equal(parameter, (string?)problem["parameter"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["detail"]));
    }

    [Fact]
    public async Task Unknown_log_id_answers_404()
    {
        using var response = await Client.GetAsync("/api/v1/logs/nope");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
