using System.IO.Compression;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Streams;

namespace Sawmill.Silo.Ingestion;

/// <summary>What every HTTP transport shares: the body (size limit, gzip), its items through the one
/// <see cref="MessageValidator"/>, and publishing, durable (or acknowledged by Kafka) before the transport answers.
/// A transport only maps its own items onto Sawmill's and renders the outcome in its own shape.</summary>
public sealed class IngestionPipeline(
    MessageValidator validator,
    EventPublisher publisher,
    IOptions<IngestionOptions> options,
    TimeProvider timeProvider,
    ILogger<IngestionPipeline> logger)
{
    public IngestionOptions Limits => options.Value;

    /// <summary>A batch that validates items as they are parsed, with the receive time of now.</summary>
    public IngestionBatch NewBatch() => new(validator, timeProvider.GetUtcNow());

    /// <summary>Feeds the request body to <paramref name="sink"/>; null once it was read whole.</summary>
    public Task<IngestFailure?> ReadAsync(HttpContext context, BodyFormat format, IItemSink sink, CancellationToken cancellationToken)
        => WithBodyAsync(context, body => EventBodyReader.ReadAsync(body, format, options.Value.MaxBodyBytes, sink, cancellationToken));

    /// <summary>The whole (decompressed) body, for binary formats (OTLP protobuf), within the same limit.</summary>
    public async Task<(byte[]? Body, IngestFailure? Failure)> ReadBytesAsync(HttpContext context, CancellationToken cancellationToken)
    {
        byte[]? bytes = null;
        var failure = await WithBodyAsync(context, async body =>
        {
            using var copy = new MemoryStream();
            await new LimitedStream(body, options.Value.MaxBodyBytes).CopyToAsync(copy, cancellationToken);
            bytes = copy.ToArray();
        });
        return (bytes, failure);
    }

    // Opens the body (size limit, gzip) for read, and turns what reading it can throw into failures.
    private async Task<IngestFailure?> WithBodyAsync(HttpContext context, Func<Stream, Task> read)
    {
        var limits = options.Value;
        var request = context.Request;
        if (request.ContentLength > limits.MaxBodyBytes) return TooLarge();
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limits.MaxBodyBytes;

        var encoding = request.Headers.ContentEncoding.ToString().Trim().ToLowerInvariant();
        Stream body = encoding switch
        {
            "" or "identity" => request.Body,
            "gzip" or "x-gzip" => new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true),
            _ => Stream.Null,
        };
        if (body == Stream.Null) return IngestFailure.Of(IngestFailureKind.UnsupportedEncoding, $"Content-Encoding '{encoding}' is not supported; use gzip or none.");
        try
        {
            await read(body);
            return null;
        }
        catch (MalformedBodyException ex)
        {
            return new IngestFailure(IngestFailureKind.Malformed, ex.Message, [new ItemError(ex.Index, null, ex.Message)]);
        }
        catch (PayloadTooLargeException)
        {
            return TooLarge();
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }
        catch (InvalidDataException ex)
        {
            return new IngestFailure(IngestFailureKind.Malformed, $"The gzip body could not be decompressed: {ex.Message}", [new ItemError(0, null, "Invalid gzip data.")]);
        }
        finally
        {
            if (body != request.Body) await body.DisposeAsync();
        }
    }

    /// <summary>Publishes the accepted messages; null once they are durable.</summary>
    public async Task<IngestFailure?> PublishAsync(IReadOnlyList<SawmillMessage> accepted, CancellationToken cancellationToken)
    {
        if (accepted.Count == 0) return null;
        try
        {
            await publisher.PublishAsync(accepted, cancellationToken);
            return null;
        }
        catch (StreamOverloadedException ex)
        {
            return IngestFailure.Of(IngestFailureKind.Unavailable, $"The pipeline is full ({ex.Message}); nothing of this request was acknowledged, retry it later.");
        }
        catch (StreamUnavailableException ex)
        {
            logger.LogWarning("Accepted messages were not acknowledged: {Reason}", ex.Message);
            return IngestFailure.Of(IngestFailureKind.Unavailable, $"The stream broker did not acknowledge the messages ({ex.Message}); nothing of this request was acknowledged, retry it later.");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Accepted messages could not be made durable");
            return IngestFailure.Of(IngestFailureKind.Unavailable, "The messages could not be stored; retry the request later.");
        }
    }

    /// <summary>The failure's HTTP status, with Retry-After on the response when a retry later can succeed.</summary>
    public int Refuse(HttpContext context, IngestFailure failure)
    {
        if (failure.Kind == IngestFailureKind.Unavailable) Api.Problems.SetRetryAfter(context, options.Value.RetryAfter);
        return failure.StatusCode;
    }

    private IngestFailure TooLarge() => IngestFailure.Of(IngestFailureKind.TooLarge,
        $"The request body is larger than the limit of {options.Value.MaxBodyBytes} bytes (after decompression); send smaller batches.");
}
