namespace Sawmill.Silo.Ingestion;

/// <summary>The (decompressed) body went over the configured limit.</summary>
public sealed class PayloadTooLargeException(long limit) : Exception($"The request body is larger than the limit of {limit} bytes.")
{
    public long Limit { get; } = limit;
}
