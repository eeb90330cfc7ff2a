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
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Runtime_metrics_show_the_indexer_grains_after_ingestion()
    {
        using var response = await _silo.Client.PostEvents(Examples.Array(Examples.Logs));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var metrics = (await _silo.Client.GetNode("/api/v1/runtime/grains")).AsArray();
        var indexer = Assert.Single(metrics, m => (string?)m!["grain_type"] == "IndexerGrain")!;
        Assert.True((int)indexer["activations"]! >= 1);
        Assert.True((long)indexer["total_calls"]! >= 1);
    }
}
