using Microsoft.AspNetCore.Http.HttpResults;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Storage;

namespace Sawmill.Silo.Api;

/// <summary>GET /api/v1/logs: search, one entry by log_id, and the histogram by level over time.</summary>
public static class LogsApi
{
    public static RouteGroupBuilder MapLogsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/logs").WithTags("Search").RequireAuthorization(Dashboard.Security.SawmillPolicies.Read);
        // Every query's time into the sawmill.query.duration histogram, by kind.
        group.AddEndpointFilter(async (context, next) =>
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var result = await next(context);
            var kind = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<QueryKind>()?.Name ?? "other";
            Grains.SawmillMetrics.QueryDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("kind", kind));
            return result;
        });
        group.MapGet("/", SearchAsync).WithMetadata(new QueryKind("search"))
            .WithSummary("Search entries, newest first")
            .WithDescription("q: words, \"phrases\", AND/OR/NOT, prefix*; level: a minimum (WARN) or a list (ERROR,FATAL); service, node; " +
                "from/to: ISO-8601, now, or -15m; field filters such as error_code=E42 or response_time_ms>500; limit (1-1000); cursor: next_cursor of the previous page.");
        group.MapGet("/histogram", HistogramAsync).WithMetadata(new QueryKind("histogram"))
            .WithSummary("Counts per level per time bucket")
            .WithDescription("The filters of the search, plus interval (30s, 5m, 1h, 1d or auto).");
        group.MapGet("/stats", StatsAsync).WithMetadata(new QueryKind("stats"))
            .WithSummary("The store's size, partitions and oldest entry");
        group.MapGet("/{logId}", GetAsync).WithMetadata(new QueryKind("get"))
            .WithSummary("One entry by log_id")
            .WithDescription("node: the node, when several nodes used the same log_id.");
        return group;
    }

    internal static async Task<Results<Ok<LogPage>, ProblemHttpResult>> SearchAsync(
        HttpRequest request, ILogReader store, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        try
        {
            var (query, _) = LogQueryParser.Parse(request.QueryString.Value ?? "", timeProvider.GetUtcNow());
            return TypedResults.Ok(await store.SearchAsync(query, cancellationToken));
        }
        catch (QuerySyntaxException ex)
        {
            return Problems.InvalidQuery(ex.Parameter, ex.Message);
        }
    }

    internal static async Task<Results<Ok<HistogramResponse>, ProblemHttpResult>> HistogramAsync(
        HttpRequest request, ILogReader store, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        try
        {
            var (query, intervalText) = LogQueryParser.Parse(request.QueryString.Value ?? "", timeProvider.GetUtcNow());
            var interval = LogQueryParser.Interval(intervalText, query);
            return TypedResults.Ok(HistogramResponse.From(await store.HistogramAsync(query, interval, cancellationToken)));
        }
        catch (QuerySyntaxException ex)
        {
            return Problems.InvalidQuery(ex.Parameter, ex.Message);
        }
    }

    internal static async Task<Ok<LogStoreStats>> StatsAsync(ILogReader store, CancellationToken cancellationToken)
        => TypedResults.Ok(await store.GetStatsAsync(cancellationToken));

    internal static async Task<Results<Ok<SawmillMessage>, ProblemHttpResult>> GetAsync(
        string logId, string? node, ILogReader store, CancellationToken cancellationToken)
        => await store.GetAsync(logId, node, cancellationToken) is { } entry
            ? TypedResults.Ok(entry)
            : Problems.NotFound($"No entry has log_id '{logId}'{(node is null ? "" : $" on node '{node}'")}.");
}

/// <summary>Endpoint metadata: the <c>kind</c> label of a query's time.</summary>
internal sealed record QueryKind(string Name);
