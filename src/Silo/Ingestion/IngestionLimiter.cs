using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Sawmill.Silo.Ingestion;

/// <summary>
/// The one concurrency limiter of ingestion requests: at most <see cref="IngestionOptions.MaxConcurrentRequests"/>
/// in flight, none queued (429 beyond it). A singleton so that its permits can be observed.
/// </summary>
/// <remarks>It is never idle: the rate limiting middleware disposes a partition's limiter once it has idled for a while
/// and asks for a new one, and this one lives as long as the silo.</remarks>
public sealed class IngestionLimiter(IOptions<IngestionOptions> options) : RateLimiter
{
    private readonly ConcurrencyLimiter _permits = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = options.Value.MaxConcurrentRequests,
        QueueLimit = 0,
    });

    /// <summary>Requests that could start now without being turned away.</summary>
    public long AvailablePermits => _permits.GetStatistics()?.CurrentAvailablePermits ?? 0;

    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics? GetStatistics() => _permits.GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => _permits.AttemptAcquire(permitCount);

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
        => _permits.AcquireAsync(permitCount, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing) _permits.Dispose();
        base.Dispose(disposing);
    }

    protected override async ValueTask DisposeAsyncCore() => await _permits.DisposeAsync();
}
