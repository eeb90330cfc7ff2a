using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Sawmill.Silo.Tests.Support;

/// <summary>No Elasticsearch or Kibana can run here: this stands in for both on 127.0.0.1:0 and holds the sink to the
/// wire facts the real ones have (notes/ENVIRONMENT.md): every answer carries X-Elastic-Product, bulk bodies are
/// gzip NDJSON of <c>create</c> operations with an _id (a data stream takes nothing else), a repeated _id is a 409, and
/// Kibana's API wants a kbn-xsrf header. It records what it received.</summary>
public sealed class FakeElasticsearch : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _failures;

    private FakeElasticsearch(WebApplication app) => _app = app;

    public Uri Url => TestSilo.AddressOf(_app);

    /// <summary>Stored documents by data stream and _id.</summary>
    public ConcurrentDictionary<(string Index, string Id), JsonObject> Documents { get; } = new();

    /// <summary>Every request in arrival order: "PUT /_index_template/x", "POST /x/_bulk", "POST /api/data_views/data_view".</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public ConcurrentDictionary<string, JsonObject> Templates { get; } = new();

    public ConcurrentQueue<JsonObject> DataViews { get; } = new();

    /// <summary>The next <paramref name="count"/> bulk requests answer 503, as a cluster that is restarting.</summary>
    public void FailNextBulks(int count) => Interlocked.Exchange(ref _failures, count);

    public static async Task<FakeElasticsearch> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeElasticsearch(app);
        app.Use(async (context, next) =>
        {
            context.Response.Headers["X-Elastic-Product"] = "Elasticsearch";
            fake.Requests.Enqueue($"{context.Request.Method} {context.Request.Path}");
            await next();
        });
        app.MapPut("/_index_template/{name}", async (string name, HttpRequest request) =>
        {
            fake.Templates[name] = (await JsonNode.ParseAsync(request.Body))!.AsObject();
            return Results.Json(new { acknowledged = true });
        });
        app.MapPost("/{index}/_bulk", fake.BulkAsync);
        app.MapPost("/api/data_views/data_view", async (HttpRequest request) =>
        {
            if (!request.Headers.ContainsKey("kbn-xsrf")) return Results.BadRequest(new { message = "Request must contain a kbn-xsrf header." });
            fake.DataViews.Enqueue((await JsonNode.ParseAsync(request.Body))!.AsObject());
            return Results.Json(new { data_view = new { id = "sawmill" } });
        });
        await app.StartAsync();
        return fake;
    }

    private async Task<IResult> BulkAsync(string index, HttpRequest request)
    {
        if (Interlocked.Decrement(ref _failures) >= 0) return Results.Json(new { error = "unavailable", status = 503 }, statusCode: 503);
        if (request.Headers.ContentEncoding != "gzip") return Results.BadRequest(new { error = "the fake expects the client's gzip bodies" });
        if (request.ContentType?.Contains("ndjson", StringComparison.Ordinal) != true) return Results.BadRequest(new { error = $"bulk bodies are NDJSON, not {request.ContentType}" });
        using var reader = new StreamReader(new GZipStream(request.Body, CompressionMode.Decompress));
        var lines = (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var items = new JsonArray();
        var errors = false;
        for (var i = 0; i + 1 < lines.Length; i += 2)
        {
            var action = JsonNode.Parse(lines[i])!.AsObject();
            var (op, meta) = (action.First().Key, action.First().Value!.AsObject());
            var id = (string?)meta["_id"];
            int status;
            if (op != "create" || id is null) status = 400;
            else status = Documents.TryAdd((index, id), JsonNode.Parse(lines[i + 1])!.AsObject()) ? 201 : 409;
            errors |= status >= 300;
            var item = new JsonObject { ["_index"] = index, ["_id"] = id, ["status"] = status };
            if (status == 201) item["result"] = "created";
            else item["error"] = new JsonObject { ["type"] = status == 409 ? "version_conflict_engine_exception" : "illegal_argument_exception", ["reason"] = status == 409 ? "document already exists" : "only create operations with an _id go into a data stream" };
            items.Add(new JsonObject { [op] = item });
        }
        return Results.Json(new JsonObject { ["took"] = 1, ["errors"] = errors, ["items"] = items });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
