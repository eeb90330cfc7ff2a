namespace Sawmill.Silo.Ingestion;

/// <summary>Why a request's items were not taken, for each transport to answer in its own shape.</summary>
public sealed record IngestFailure(IngestFailureKind Kind, string Detail, IReadOnlyList<ItemError> Errors)
{
    /// <summary>For <see cref="IngestFailureKind.RateLimited"/>: when the caller's key has room again.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static IngestFailure Of(IngestFailureKind kind, string detail) => new(kind, detail, []);

    /// <summary>The HTTP status a transport answers it with, unless its protocol says otherwise.</summary>
    public int StatusCode => Kind switch
    {
        IngestFailureKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
        IngestFailureKind.UnsupportedEncoding => StatusCodes.Status415UnsupportedMediaType,
        IngestFailureKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        IngestFailureKind.RateLimited => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status400BadRequest,
    };
}

public enum IngestFailureKind
{
    /// <summary>The body cannot be read as the transport's format (400); nothing was taken.</summary>
    Malformed,

    /// <summary>Larger than <see cref="IngestionOptions.MaxBodyBytes"/> after decompression (413).</summary>
    TooLarge,

    /// <summary>A Content-Encoding other than gzip (415).</summary>
    UnsupportedEncoding,

    /// <summary>The pipeline is full or the broker or store did not acknowledge (503 with Retry-After); nothing of the request was acknowledged.</summary>
    Unavailable,

    /// <summary>The caller's API key is over its rate (429 with Retry-After); nothing of the request was taken.</summary>
    RateLimited,
}
