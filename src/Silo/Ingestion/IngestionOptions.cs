namespace Sawmill.Silo.Ingestion;

/// <summary>Limits of the ingestion API (section <c>Ingestion</c>).</summary>
public sealed class IngestionOptions
{
    public const string SectionName = "Ingestion";

    /// <summary>The largest body accepted, after decompression; larger answers 413.</summary>
    public long MaxBodyBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Ingestion requests handled at once; more answer 429 with Retry-After.</summary>
    public int MaxConcurrentRequests { get; set; } = 64;

    /// <summary>How far in the future a sent timestamp may be; beyond it the receive time is stored and the sent one kept
    /// as the <c>sent_timestamp</c> property.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromDays(1);

    /// <summary>What Retry-After says on 429 and 503 answers.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);
}
