using Microsoft.AspNetCore.Http.HttpResults;
using Sawmill.Silo.Api;
using Sawmill.Silo.Ingestion;

namespace Sawmill.Silo.Protocols.Clef;

/// <summary>Seq's ingestion endpoints, so that Serilog.Sinks.Seq (and anything else that speaks CLEF) ships to Sawmill
/// with only the server URL changed: <c>POST /api/events/raw?clef</c> (or with <c>Content-Type:
/// application/vnd.serilog.clef</c>) and <c>POST /ingest/clef</c>. Answers 201 like Seq.</summary>
public static class ClefApi
{
    public const string MediaType = "application/vnd.serilog.clef";

    public static IEndpointRouteBuilder MapClefApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/events/raw", (HttpContext context, IngestionPipeline pipeline, CancellationToken cancellationToken) =>
                context.Request.Query.ContainsKey("clef") || IsClef(context.Request.ContentType)
                    ? IngestAsync(context, pipeline, cancellationToken)
                    : Task.FromResult<Results<JsonHttpResult<ClefResponse>, JsonHttpResult<SeqError>>>(
                        Error(StatusCodes.Status415UnsupportedMediaType, $"Only CLEF is accepted here: add ?clef or send Content-Type: {MediaType}.")))
            .RequireRateLimiting(IngestionApi.RateLimiterPolicy).WithTags("Protocols").RequireAuthorization(Dashboard.Security.SawmillPolicies.Ingest).WithMetadata(AuthErrors, IngestTransport.Clef)
            .WithSummary("Seq-compatible CLEF ingestion").WithDescription("Newline-delimited compact log event format (Serilog.Sinks.Seq); gzip accepted.");
        routes.MapPost("/ingest/clef", IngestAsync)
            .RequireRateLimiting(IngestionApi.RateLimiterPolicy).WithTags("Protocols").RequireAuthorization(Dashboard.Security.SawmillPolicies.Ingest).WithMetadata(AuthErrors, IngestTransport.Clef)
            .WithSummary("CLEF ingestion").WithDescription("Newline-delimited compact log event format; gzip accepted.");
        return routes;
    }

    internal static async Task<Results<JsonHttpResult<ClefResponse>, JsonHttpResult<SeqError>>> IngestAsync(
        HttpContext context, IngestionPipeline pipeline, CancellationToken cancellationToken)
    {
        var batch = pipeline.NewBatch(context);
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var failure = await pipeline.ReadAsync(context, BodyFormat.NdJson, new ClefItemSink(batch, client), cancellationToken);
        if (failure is null && batch.Accepted.Count == 0)
        {
            return Error(StatusCodes.Status400BadRequest, batch.Rejected.Count == 0
                ? "The request holds no CLEF events."
                : $"All {batch.Rejected.Count} events were rejected: {string.Join(" ", batch.Rejected.Take(5).Select(e => $"line {e.Index + 1}: {e.Error}"))}");
        }
        failure ??= await pipeline.PublishAsync(batch, cancellationToken);
        if (failure is not null) return Error(pipeline.Refuse(context, failure), failure.Detail);
        return TypedResults.Json(new ClefResponse(batch.Accepted.Count, batch.Rejected), statusCode: StatusCodes.Status201Created);
    }

    /// <summary>401 and 403 in Seq's error shape, which Serilog.Sinks.Seq logs to its SelfLog.</summary>
    private static readonly Security.AuthErrorWriter AuthErrors = new((context, status, detail) => Error(status, detail).ExecuteAsync(context));

    private static bool IsClef(string? contentType) => contentType?.Split(';')[0].Trim().Equals(MediaType, StringComparison.OrdinalIgnoreCase) == true;

    private static JsonHttpResult<SeqError> Error(int status, string error) => TypedResults.Json(new SeqError(error), statusCode: status);
}

/// <summary>Seq answers 201 with a JSON object; Sawmill adds what it took and why it refused the rest.</summary>
public sealed record ClefResponse(int Accepted, IReadOnlyList<ItemError> Rejected);

/// <summary>Seq's error body, <c>{"Error": "..."}</c>.</summary>
public sealed record SeqError([property: System.Text.Json.Serialization.JsonPropertyName("Error")] string Error);
