using System.Net;
using Sawmill.Silo.Tests.Support;

namespace Sawmill.Silo.Tests;

public sealed class HostingTests : IAsyncLifetime
{
    private TestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync();

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task OpenApi_document_describes_every_endpoint()
    {
        var document = await _silo.Client.GetNode("/openapi/v1.json");
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/v1/events", paths);
        Assert.Contains("/api/v1/logs", paths);
        Assert.Contains("/api/v1/logs/histogram", paths);
        Assert.Contains("/api/v1/logs/{logId}", paths);
        Assert.Contains("/api/v1/runtime/grains", paths);
        Assert.Contains("/api/v1/nodes", paths);
        Assert.Contains("/api/v1/nodes/{nodeId}", paths);
        Assert.Contains("/api/v1/alerts", paths);
        Assert.Contains("/api/v1/alerts/{alertId}/ack", paths);
        Assert.Contains("/api/v1/alerts/{alertId}/resolve", paths);
        Assert.Equal("Sawmill API", (string?)document["info"]!["title"]);
    }

    [Fact]
    public async Task Docs_ui_is_served_at_docs()
    {
        using var response = await _silo.Client.GetAsync("/docs/index.html");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("swagger-ui", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_endpoint_reports_healthy()
    {
        using var response = await _silo.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var health = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Healthy", (string?)health["status"]);
        Assert.Equal("Healthy", (string?)health["storage"]!["status"]);
        Assert.True((long)health["storage"]!["size_bytes"]! >= 0);
        Assert.NotNull(health["storage"]!["partitions"]);
    }

    [Fact]
    public async Task Runtime_statistics_come_from_Orleans_and_show_the_grains_of_an_ingestion()
    {
        using var response = await _silo.Client.PostEvents(Examples.Array(Examples.Logs));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var statistics = await _silo.Client.GetNode("/api/v1/runtime/grains");
        var silo = Assert.Single(statistics["silos"]!.AsArray())!;
        Assert.True((int)silo["activations"]! >= 3, $"the silo reports its activations: {silo}");
        var types = statistics["grain_types"]!.AsArray().ToDictionary(t => (string)t!["grain_type"]!, t => (int)t!["activations"]!);
        Assert.True(types.GetValueOrDefault("IndexerGrain") >= 1, $"an indexer grain consumed all_logs: {statistics}");
        Assert.True(types.GetValueOrDefault("NodePartitionGrain") >= 1, $"a partition grain fanned the batch out: {statistics}");
        Assert.True(types.GetValueOrDefault("NodeGrain") >= 1, $"the nodes of the examples have grains: {statistics}");
    }

    [Fact]
    public async Task Orleans_dashboard_is_served_at_orleans_with_the_silo_in_it()
    {
        using var page = await _silo.Client.GetAsync("/orleans/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<html", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        var cluster = await _silo.Client.GetNode("/orleans/ClusterStats");
        Assert.False(string.IsNullOrEmpty(cluster.ToJsonString()), "the Orleans Dashboard answers with the cluster's statistics");
        var version = await _silo.Client.GetNode("/orleans/version");
        Assert.NotNull(version);
    }
}
