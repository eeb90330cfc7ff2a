using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Sawmill.Grains.Tests.Support;
using Sawmill.Silo.Tests.Support;
using Sawmill.Sinks.Elasticsearch;
using Sawmill.Streams.Kafka.Development;

namespace Sawmill.Silo.Tests;

/// <summary>The Elasticsearch sink in scale-out: a Kafka consumer group of its own, independent of Sawmill's indexing.</summary>
public sealed class ElasticsearchOnKafkaTests : IAsyncLifetime
{
    private readonly MockKafkaCluster _kafka = new();
    private FakeElasticsearch _elastic = null!;

    public async Task InitializeAsync()
    {
        _kafka.CreateSawmillTopics();
        _elastic = await FakeElasticsearch.StartAsync();
    }

    [Fact]
    public async Task A_dead_Elasticsearch_holds_back_only_its_own_consumer_group_and_gets_every_entry_once_it_answers()
    {
        await using var silo = await TestSilo.StartAsync(new()
        {
            ["Kafka:BootstrapServers"] = _kafka.BootstrapServers,
            // A cache smaller than the backlog: were the sink one of the stream's consumers, indexing would stall behind it.
            ["Kafka:CacheSize"] = "10",
            ["Elasticsearch:Url"] = _elastic.Url.ToString(),
            ["Elasticsearch:MaxRetryDelay"] = "00:00:00.200",
            ["Silo:OrleansDashboard"] = "false",
        });
        _elastic.FailNextBulks(int.MaxValue);

        // One node: every request is one more message on the same partition.
        var ids = Enumerable.Range(0, 30).Select(i => $"es-{i:D2}").ToList();
        foreach (var id in ids)
        {
            using var response = await silo.Client.PostEvents(Examples.Array(Examples.Log(id, node: "es-node")));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await Await.UntilAsync(async () => (await silo.Client.SearchIds("limit=100")).Count == ids.Count,
            "all 30 entries searchable in Sawmill while Elasticsearch refuses every bulk", TimeSpan.FromSeconds(30));
        Assert.Empty(_elastic.Documents);
        Assert.Equal(0, silo.Services.GetRequiredService<ElasticsearchSink>().Counts.Written);

        _elastic.FailNextBulks(0);
        await Await.UntilAsync(() => Task.FromResult(_elastic.Documents.Count == ids.Count), "all 30 entries in Elasticsearch once it answers", TimeSpan.FromSeconds(30));
        Assert.Equal(ids, _elastic.Documents.Keys.Select(k => k.Id.Split('/')[1]).Order(StringComparer.Ordinal));
    }

    public async Task DisposeAsync()
    {
        await _elastic.DisposeAsync();
        _kafka.Dispose();
    }
}
