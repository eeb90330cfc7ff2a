using System.Diagnostics;
using System.Text.Json.Nodes;
using Sawmill.Grains;
using Sawmill.Silo.Api;
using Sawmill.Silo.Ingestion;

namespace Sawmill.Silo.Protocols.Elastic;

/// <summary>Enough of Elasticsearch's API under <c>/api/v1/_elastic</c> for the shippers people already run (Filebeat,
/// Fluent Bit, Fluentd, Logstash, Vector, Elastic's clients) to send to Sawmill with only the URL changed: <c>GET /</c>,
/// and <c>POST /_bulk</c> and <c>/{index}/_bulk</c> with a per-item answer in Elasticsearch's shape.</summary>
public static class ElasticBulkApi
{
    public const string Prefix = "/api/v1/_elastic";

    /// <summary>The version Sawmill reports: shippers refuse a cluster older than themselves.</summary>
    public const string Version = "9.1.0";

    private const string DefaultIndex = "sawmill";

    public static RouteGroupBuilder MapElasticBulkApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Prefix).WithTags("Protocols").RequireAuthorization(Dashboard.Security.SawmillPolicies.Ingest).WithMetadata(AuthErrors, IngestTransport.Elasticsearch);
        group.AddEndpointFilter(async (context, next) =>
        {
            context.HttpContext.Response.Headers["X-Elastic-Product"] = "Elasticsearch";
            return await next(context);
        });
        group.MapGet("/", () => TypedResults.Json(new JsonObject
        {
            ["name"] = Environment.MachineName,
            ["cluster_name"] = "sawmill",
            ["version"] = new JsonObject { ["number"] = Version, ["build_flavor"] = "default", ["lucene_version"] = "10.2.2", ["minimum_wire_compatibility_version"] = "8.19.0", ["minimum_index_compatibility_version"] = "8.0.0" },
            ["tagline"] = "You Know, for Search",
        })).WithSummary("Elasticsearch's root: the version shippers check");
        group.MapMethods("/", ["HEAD"], () => TypedResults.Ok()).ExcludeFromDescription();
        group.MapPost("/_bulk", (HttpContext context, IngestionPipeline pipeline, SortableIdGenerator ids, CancellationToken cancellationToken)
            => BulkAsync(context, DefaultIndex, pipeline, ids, cancellationToken)).RequireRateLimiting(IngestionApi.RateLimiterPolicy)
            .WithSummary("Elasticsearch bulk API (index and create actions)");
        group.MapPost("/{index}/_bulk", (string index, HttpContext context, IngestionPipeline pipeline, SortableIdGenerator ids, CancellationToken cancellationToken)
            => BulkAsync(context, index, pipeline, ids, cancellationToken)).RequireRateLimiting(IngestionApi.RateLimiterPolicy)
            .WithSummary("Elasticsearch bulk API into an index");
        return group;
    }

    internal static async Task<IResult> BulkAsync(HttpContext context, string index, IngestionPipeline pipeline, SortableIdGenerator ids, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var batch = pipeline.NewBatch(context);
        var sink = new BulkItemSink(batch, index, context.Connection.RemoteIpAddress?.ToString() ?? "unknown", ids);
        var failure = await pipeline.ReadAsync(context, BodyFormat.NdJson, sink, cancellationToken);
        if (failure is null && sink.Fatal is { } fatal) return Error(StatusCodes.Status400BadRequest, "illegal_argument_exception", fatal);
        failure ??= await pipeline.PublishAsync(batch, cancellationToken);
        if (failure is not null)
        {
            var status = pipeline.Refuse(context, failure);
            // A full cluster answers 429 in Elasticsearch, which every shipper retries.
            return failure.Kind is IngestFailureKind.Unavailable or IngestFailureKind.RateLimited
                ? Error(StatusCodes.Status429TooManyRequests, "es_rejected_execution_exception", failure.Detail)
                : Error(status, failure.Kind switch
                {
                    IngestFailureKind.TooLarge => "content_too_long_exception",
                    IngestFailureKind.Malformed => "parse_exception",
                    _ => "illegal_argument_exception",
                }, failure.Detail);
        }

        var rejected = batch.Rejected.GroupBy(e => e.Index).ToDictionary(g => g.Key, g => string.Join(" ", g.Select(e => e.Field is null ? e.Error : $"[{e.Field}] {e.Error}")));
        var items = new JsonArray();
        var errors = false;
        foreach (var action in sink.Actions)
        {
            var result = new JsonObject { ["_index"] = action.Index, ["_id"] = action.Id };
            var error = action.Error ?? (action.Item is { } item && rejected.TryGetValue(item, out var reason) ? ("document_parsing_exception", reason) : null);
            if (error is { } e)
            {
                errors = true;
                result["status"] = 400;
                result["error"] = new JsonObject { ["type"] = e.Type, ["reason"] = e.Reason };
            }
            else
            {
                result["_version"] = 1;
                result["result"] = "created";
                result["_shards"] = new JsonObject { ["total"] = 1, ["successful"] = 1, ["failed"] = 0 };
                result["_seq_no"] = 0;
                result["_primary_term"] = 1;
                result["status"] = 201;
            }
            items.Add(new JsonObject { [action.Kind] = result });
        }
        return TypedResults.Json(new JsonObject { ["errors"] = errors, ["took"] = clock.ElapsedMilliseconds, ["items"] = items });
    }

    /// <summary>401 and 403 as Elasticsearch answers them (security_exception), with its product header, which the
    /// Elastic clients check on every response.</summary>
    private static readonly Security.AuthErrorWriter AuthErrors = new((context, status, detail) =>
    {
        context.Response.Headers["X-Elastic-Product"] = "Elasticsearch";
        if (status == StatusCodes.Status401Unauthorized) context.Response.Headers.Append("WWW-Authenticate", "ApiKey");
        return Error(status, "security_exception", detail).ExecuteAsync(context);
    });

    // Elasticsearch's error body: {"error": {"root_cause": [...], "type", "reason"}, "status"}.
    private static IResult Error(int status, string type, string reason)
    {
        var cause = new JsonObject { ["type"] = type, ["reason"] = reason };
        return TypedResults.Json(new JsonObject
        {
            ["error"] = new JsonObject { ["root_cause"] = new JsonArray(cause.DeepClone()), ["type"] = type, ["reason"] = reason },
            ["status"] = status,
        }, statusCode: status);
    }
}
