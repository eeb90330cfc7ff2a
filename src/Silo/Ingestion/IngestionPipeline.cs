using System.IO.Compression;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Sawmill.Grains;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Streams;
using Sawmill.Silo.Security;

namespace Sawmill.Silo.Ingestion;

/// <summary>What every HTTP transport shares: the body (size limit, gzip), its items through the one
/// <see cref="MessageValidator"/>, and publishing, durable (or acknowledged by Kafka) before the transport answers.
/// A transport only maps its own items onto Sawmill's and renders the outcome in its own shape.</summary>
public sealed class IngestionPipeline(
    MessageValidator validator,
    EventPublisher publisher,
    KeyRateLimits rates,
    IOptions<IngestionOptions> options,
    TimeProvider timeProvider,
    ILogger<IngestionPipeline> logger)
{
    public IngestionOptions Limits => options.Value;

    /// <summary>A batch that validates items as they are parsed, with the receive time of now, for the API key the
    /// request carries (none for syslog: network trust).</summary>
    public IngestionBatch NewBatch(HttpContext? context = null) => new(validator, timeProvider.GetUtcNow(), IngestTransport.Of(context), IngestCaller.Of(context?.User));

    /// <summary>Feeds the request body to <paramref name="sink"/>; null once it was read whole.</summary>
    public async Task<IngestFailure?> ReadAsync(HttpContext context, BodyFormat format, IItemSink sink, CancellationToken cancellationToken)
        => Counted(context, await WithBodyAsync(context, body => EventBodyReader.ReadAsync(body, format, options.Value.MaxBodyBytes, sink, cancellationToken)));

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
        return (bytes, Counted(context, failure));
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

    /// <summary>Publishes the batch's accepted messages within its key's rate; null once they are durable (and counted:
    /// the batch counts what it refused).</summary>
    public async Task<IngestFailure?> PublishAsync(IngestionBatch batch, CancellationToken cancellationToken)
    {
        var failure = await TryPublishAsync(batch, cancellationToken);
        var transport = new KeyValuePair<string, object?>("transport", batch.Transport.Name);
        if (failure is not null) SawmillMetrics.IngestRefused.Add(1, transport, Reason(failure));
        else if (batch.Accepted.Count > 0) SawmillMetrics.IngestItems.Add(batch.Accepted.Count, transport, new("outcome", "accepted"));
        return failure;
    }

    private async Task<IngestFailure?> TryPublishAsync(IngestionBatch batch, CancellationToken cancellationToken)
    {
        var accepted = batch.Accepted;
        if (accepted.Count == 0) return null;
        if (rates.Take(batch.Caller, accepted.Count) is { } wait)
        {
            return IngestFailure.Of(IngestFailureKind.RateLimited,
                $"The API key's rate of {batch.Caller!.RatePerSecond} items per second is used up; nothing of this request was taken, retry after the delay in Retry-After.")
                with { RetryAfter = wait };
        }
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
        if (failure.RetryAfter is { } retryAfter) Api.Problems.SetRetryAfter(context, retryAfter);
        return failure.StatusCode;
    }

    private static IngestFailure? Counted(HttpContext context, IngestFailure? failure)
    {
        if (failure is not null) SawmillMetrics.IngestRefused.Add(1, new("transport", IngestTransport.Of(context).Name), Reason(failure));
        return failure;
    }

    private static KeyValuePair<string, object?> Reason(IngestFailure failure) => new("reason", failure.Kind switch
    {
        IngestFailureKind.Malformed => "malformed",
        IngestFailureKind.TooLarge => "too_large",
        IngestFailureKind.UnsupportedEncoding => "unsupported_encoding",
        IngestFailureKind.RateLimited => "rate_limited",
        _ => "unavailable",
    });

    private IngestFailure TooLarge() => IngestFailure.Of(IngestFailureKind.TooLarge,
        $"The request body is larger than the limit of {options.Value.MaxBodyBytes} bytes (after decompression); send smaller batches.");
}
