using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Sawmill.Grains.Tests.Support;
using Sawmill.Silo.Tests.Support;
using Sawmill.Sinks.Elasticsearch;

namespace Sawmill.Silo.Tests;

/// <summary>The Elasticsearch sink for Kibana against a fake that enforces the wire format (see FakeElasticsearch).</summary>
public sealed class ElasticsearchSinkTests : IAsyncLifetime
{
    private FakeElasticsearch _elastic = null!;
    private TestSilo _silo = null!;

    public async Task InitializeAsync()
    {
        _elastic = await FakeElasticsearch.StartAsync();
        _silo = await TestSilo.StartAsync(new()
        {
            ["Elasticsearch:Url"] = _elastic.Url.ToString(),
            ["Elasticsearch:KibanaUrl"] = _elastic.Url.ToString(),
        });
    }

    private const string DataStream = "logs-sawmill-default";

    private Task DocumentsAsync(int count, string expected)
        => Await.UntilAsync(() => Task.FromResult(_elastic.Documents.Count == count), expected);

    [Fact]
    public async Task Entries_become_ECS_documents_in_the_data_stream_after_its_template_and_with_a_Kibana_data_view()
    {
        using var response = await _silo.Client.PostEvents(Examples.Array(Examples.Info, Examples.Error, Examples.Heartbeat));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        await DocumentsAsync(2, "the INFO and the ERROR in Elasticsearch (the heartbeat is not stored)");
        var error = _elastic.Documents[(DataStream, "payment-7f9c/error-0001")];
        Assert.Equal("2026-11-21T10:00:03.0000000+00:00", (string?)error["@timestamp"]);
        Assert.Equal("ERROR", (string?)error["log"]!["level"]);
        Assert.Equal("PaymentService", (string?)error["service"]!["name"]);
        Assert.Equal("payment-7f9c", (string?)error["host"]!["name"]);
        Assert.Equal("Card declined", (string?)error["message"]);
        Assert.Equal("E42", (string?)error["error"]!["code"]);
        Assert.Equal("Insufficient funds", (string?)error["error"]!["message"]);
        Assert.Equal("error-0001", (string?)error["event"]!["id"]);
        Assert.Equal("gold", (string?)error["labels"]!["customer"]!["tier"]);
        Assert.False((bool)error["labels"]!["error_details.retryable"]!);

        var requests = _elastic.Requests.ToList();
        Assert.True(requests.IndexOf($"PUT /_index_template/{DataStream}") < requests.IndexOf($"POST /{DataStream}/_bulk"), string.Join(", ", requests));
        var template = _elastic.Templates[DataStream];
        Assert.Equal(DataStream, (string?)template["index_patterns"]![0]);
        Assert.NotNull(template["data_stream"]);
        Assert.Equal("flattened", (string?)template["template"]!["mappings"]!["properties"]!["labels"]!["type"]);
        var view = Assert.Single(_elastic.DataViews);
        Assert.Equal("@timestamp", (string?)view["data_view"]!["timeFieldName"]);
        Assert.Equal(DataStream, (string?)view["data_view"]!["title"]);
    }

    [Fact]
    public async Task A_repeated_entry_is_a_409_that_counts_as_written_and_never_a_second_document()
    {
        using (var first = await _silo.Client.PostEvents(Examples.Array(Examples.Log("dup-1"))))
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        await DocumentsAsync(1, "dup-1 in Elasticsearch");

        using (var again = await _silo.Client.PostEvents(Examples.Array(Examples.Log("dup-1"), Examples.Log("next-1"))))
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        await DocumentsAsync(2, "next-1 beside the one dup-1");

        var sink = _silo.Services.GetRequiredService<ElasticsearchSink>();
        await Await.UntilAsync(() => Task.FromResult(sink.Counts == (2, 1, 0)), $"2 written, 1 duplicate, 0 refused (now {sink.Counts})");
    }

    [Fact]
    public async Task While_Elasticsearch_answers_503_the_sink_retries_and_loses_nothing()
    {
        _elastic.FailNextBulks(3);

        using var response = await _silo.Client.PostEvents(Examples.Array(Examples.Log("r-1"), Examples.Log("r-2", node: "node-2")));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        await DocumentsAsync(2, "r-1 and r-2 in Elasticsearch once it answers again");
        Assert.True(_elastic.Requests.Count(r => r.EndsWith("/_bulk", StringComparison.Ordinal)) >= 4, string.Join(", ", _elastic.Requests));
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        await _elastic.DisposeAsync();
    }
}
