using System.IO.Compression;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Sawmill.Grains.Streams;
using Sawmill.Silo.Ingestion;

namespace Sawmill.Silo.Api;

/// <summary>POST /api/v1/events: REGISTRATION, LOG and HEARTBEAT messages as one object, an array or NDJSON.</summary>
public static class IngestionApi
{
    /// <summary>The concurrency limiter of ingestion requests (429 beyond it).</summary>
    public const string RateLimiterPolicy = "ingestion";

    public static RouteGroupBuilder MapIngestionApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1").WithTags("Ingestion");
        group.MapPost("/events", PostEventsAsync)
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
        HttpContext context,
        MessageValidator validator,
        EventPublisher publisher,
        IOptions<IngestionOptions> options,
        TimeProvider timeProvider,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var request = context.Request;
        if (request.ContentLength > limits.MaxBodyBytes) return Problems.TooLarge(limits.MaxBodyBytes);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limits.MaxBodyBytes;

        var encoding = request.Headers.ContentEncoding.ToString().Trim().ToLowerInvariant();
        Stream body = encoding switch
        {
            "" or "identity" => request.Body,
            "gzip" or "x-gzip" => new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true),
            _ => Stream.Null,
        };
        if (body == Stream.Null) return Problems.UnsupportedEncoding(encoding);

        var batch = new IngestionBatch(validator, timeProvider.GetUtcNow());
        try
        {
            await EventBodyReader.ReadAsync(body, FormatOf(request.ContentType), limits.MaxBodyBytes, batch, cancellationToken);
        }
        catch (MalformedBodyException ex)
        {
            return Problems.InvalidEvents(ex.Message, [new ItemError(ex.Index, null, ex.Message)]);
        }
        catch (PayloadTooLargeException)
        {
            return Problems.TooLarge(limits.MaxBodyBytes);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.TooLarge(limits.MaxBodyBytes);
        }
        catch (InvalidDataException ex)
        {
            return Problems.InvalidEvents($"The gzip body could not be decompressed: {ex.Message}", [new ItemError(0, null, "Invalid gzip data.")]);
        }
        finally
        {
            if (body != request.Body) await body.DisposeAsync();
        }

        if (batch.Accepted.Count == 0)
        {
            return batch.Rejected.Count == 0
                ? Problems.InvalidEvents("The request holds no messages.", [new ItemError(0, null, "No messages.")])
                : Problems.InvalidEvents($"All {batch.Rejected.Count} items were rejected; see errors.", batch.Rejected);
        }

        try
        {
            await publisher.PublishAsync(batch.Accepted, cancellationToken);
        }
        catch (StreamOverloadedException ex)
        {
            return Problems.Unavailable(context, limits.RetryAfter, $"The pipeline is full ({ex.Message}); nothing of this request was acknowledged, retry it later.");
        }
        catch (StreamUnavailableException ex)
        {
            loggers.CreateLogger(typeof(IngestionApi)).LogWarning("Accepted messages were not acknowledged: {Reason}", ex.Message);
            return Problems.Unavailable(context, limits.RetryAfter, $"The stream broker did not acknowledge the messages ({ex.Message}); nothing of this request was acknowledged, retry it later.");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            loggers.CreateLogger(typeof(IngestionApi)).LogError(ex, "Accepted messages could not be made durable");
            return Problems.Unavailable(context, limits.RetryAfter, "The messages could not be stored; retry the request later.");
        }
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
