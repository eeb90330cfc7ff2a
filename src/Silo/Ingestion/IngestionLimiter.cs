using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Sawmill.Silo.Ingestion;

/// <summary>
/// The one concurrency limiter of ingestion requests: at most <see cref="IngestionOptions.MaxConcurrentRequests"/>
/// in flight, none queued (429 beyond it). A singleton so that its permits can be observed.
/// </summary>
public sealed class IngestionLimiter(IOptions<IngestionOptions> options) : IDisposable
{
    public ConcurrencyLimiter Limiter { get; } = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = options.Value.MaxConcurrentRequests,
        QueueLimit = 0,
    });

    /// <summary>Requests that could start now without being turned away.</summary>
    public long AvailablePermits => Limiter.GetStatistics()?.CurrentAvailablePermits ?? 0;

    public void Dispose() => Limiter.Dispose();
}
