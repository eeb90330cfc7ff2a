using System.Net;

namespace Sawmill.Liveness;

/// <summary>What the silo answered besides 202, counted across all senders.</summary>
internal sealed class PostTally
{
    private int _tooMany;
    private int _unavailable;
    private int _errors;
    private int _dropped;
    private string? _firstProblem;

    public int TooManyRequests => _tooMany;

    public int Unavailable => _unavailable;

    /// <summary>Timeouts and connection errors (retried).</summary>
    public int Errors => _errors;

    /// <summary>Batches given up on: retried too often, refused outright, or still pending when the run stopped.</summary>
    public int DroppedBatches => _dropped;

    public int Retries => _tooMany + _unavailable + _errors;

    /// <summary>The first answer other than 202, 429 or 503, or the first error.</summary>
    public string? FirstProblem => _firstProblem;

    public void Retried(HttpStatusCode status)
    {
        if (status == HttpStatusCode.TooManyRequests) Interlocked.Increment(ref _tooMany);
        else Interlocked.Increment(ref _unavailable);
    }

    public void Errored(string message)
    {
        Interlocked.Increment(ref _errors);
        Interlocked.CompareExchange(ref _firstProblem, message, null);
    }

    public void Failed(string message) => Interlocked.CompareExchange(ref _firstProblem, message, null);

    public void Dropped() => Interlocked.Increment(ref _dropped);
}
