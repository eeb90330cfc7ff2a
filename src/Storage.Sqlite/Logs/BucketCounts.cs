using Sawmill.Grains.Interfaces;

namespace Sawmill.Storage.Sqlite.Logs;

/// <summary>A histogram's counts over one partition's part of the range [lo, hi): a flat array of buckets x levels, so
/// that counting a matching row is an array increment (a full-text histogram counts millions).</summary>
internal sealed class BucketCounts
{
    private const int Levels = 8; // the rowid's three level bits
    private readonly long _width, _first;
    private readonly long[] _counts;

    public BucketCounts(long width, long lo, long hi)
    {
        _width = width;
        _first = PartitionLayout.FloorDiv(lo, width);
        _counts = new long[(PartitionLayout.FloorDiv(Math.Max(lo, hi - 1), width) - _first + 1) * Levels];
    }

    public void Add(long time, Severity level, long n) => _counts[(PartitionLayout.FloorDiv(time, _width) - _first) * Levels + (int)level] += n;

    public long Total => _counts.Sum();

    /// <summary>The non-zero counts as (bucket start, level, count).</summary>
    public void CopyTo(Action<long, Severity, long> add)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            if (_counts[i] != 0) add((_first + i / Levels) * _width, (Severity)(i % Levels), _counts[i]);
        }
    }
}
