using Microsoft.AspNetCore.Http.HttpResults;
using Sawmill.Silo.Ingestion;

namespace Sawmill.Silo.Api;

/// <summary>POST /api/v1/events: REGISTRATION, LOG and HEARTBEAT messages as one object, an array or NDJSON.</summary>
public static class IngestionApi
{
    /// <summary>The concurrency limiter of ingestion requests (429 beyond it).</summary>
    public const string RateLimiterPolicy = "ingestion";

    public static RouteGroupBuilder MapIngestionApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1").WithTags("Ingestion").RequireAuthorization(Dashboard.Security.SawmillPolicies.Ingest);
        group.MapPost("/events", PostEventsAsync).WithMetadata(IngestTransport.Http)
            .RequireRateLimiting(RateLimiterPolicy)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // No Accepts() metadata: that would turn away curl's default form content type with 415,
                // and the body is sniffed anyway. The document still names the two formats.
                operation.RequestBody = new Microsoft.OpenApi.OpenApiRequestBody
                {
                    Required = true,
                    Description = "REGISTRATION, LOG and HEARTBEAT messages (SPEC.md).",
                    Content = new Dictionary<string, Microsoft.OpenApi.OpenApiMediaType>
                    {
                        ["application/json"] = new(),
                        ["application/x-ndjson"] = new(),
                    },
                };
                return Task.CompletedTask;
            })
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Send messages")
            .WithDescription("One JSON object, a JSON array of objects, or NDJSON (Content-Type: application/x-ndjson); gzip accepted. " +
                "202 means the accepted items are durable; invalid items are listed one by one and lose nothing else.");
        return group;
    }

    internal static async Task<Results<Accepted<IngestResponse>, ProblemHttpResult>> PostEventsAsync(
        HttpContext context, IngestionPipeline pipeline, CancellationToken cancellationToken)
    {
        var batch = pipeline.NewBatch(context);
        if (await pipeline.ReadAsync(context, FormatOf(context.Request.ContentType), batch, cancellationToken) is { } unread)
            return Problems.For(context, unread, pipeline.Limits.RetryAfter);
        if (batch.Accepted.Count == 0)
        {
            return batch.Rejected.Count == 0
                ? Problems.InvalidEvents("The request holds no messages.", [new ItemError(0, null, "No messages.")])
                : Problems.InvalidEvents($"All {batch.Rejected.Count} items were rejected; see errors.", batch.Rejected);
        }
        if (await pipeline.PublishAsync(batch, cancellationToken) is { } unpublished)
            return Problems.For(context, unpublished, pipeline.Limits.RetryAfter);
        return TypedResults.Accepted((string?)null, new IngestResponse(batch.Accepted.Count, batch.Rejected));
    }

    private static BodyFormat FormatOf(string? contentType)
    {
        var mediaType = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        return mediaType is "application/x-ndjson" or "application/ndjson" or "application/jsonl" or "application/x-jsonlines" or "application/jsonlines"
            ? BodyFormat.NdJson
            : BodyFormat.Json;
    }
}
