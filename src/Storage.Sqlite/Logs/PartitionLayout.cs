using System.Globalization;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Storage;

namespace Sawmill.Storage.Sqlite.Logs;

/// <summary>Where an entry goes: partition files of a fixed span aligned to the epoch, and inside one, a rowid that is
/// the entry's time. A rowid is (microseconds since the partition start) &lt;&lt; 31 | sequence &lt;&lt; 3 | level, so
/// the table is clustered newest-last, rowid order is time order, and the full-text index alone yields time and level.</summary>
internal sealed class PartitionLayout
{
    public const long MicrosPerSecond = 1_000_000;
    private const int OffsetShift = 31;
    private const int LevelBits = 3;
    private const long SequenceMask = (1L << (OffsetShift - LevelBits)) - 1;

    public PartitionLayout(TimeSpan span)
    {
        SpanMicros = span.Ticks / 10;
        RollupMicros = Math.Min(SpanMicros, 60 * MicrosPerSecond);
    }

    /// <summary>The span of one partition in microseconds (at most an hour, so offsets fit 32 bits).</summary>
    public long SpanMicros { get; }

    /// <summary>The width of one rollup bucket: a minute, or the span when that is shorter.</summary>
    public long RollupMicros { get; }

    public long IndexOf(long tsMicros) => FloorDiv(tsMicros, SpanMicros);

    public long StartOf(long index) => index * SpanMicros;

    public static long RowId(long offsetMicros, long sequence, Severity level) =>
        (offsetMicros << OffsetShift) | ((sequence & SequenceMask) << LevelBits) | (long)level;

    /// <summary>The smallest rowid at this offset: rows at [from, to) are rowids [First(from), First(to)).</summary>
    public static long First(long offsetMicros) => offsetMicros << OffsetShift;

    public static long OffsetOf(long rowId) => rowId >> OffsetShift;

    public static Severity LevelOf(long rowId) => (Severity)(rowId & ((1 << LevelBits) - 1));

    /// <summary>"20261121T130000Z-3600s.db": the start and the span, so a folder says its own layout.</summary>
    public string FileName(long index) =>
        $"{UnixMicros.ToTime(StartOf(index)).UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}-{SpanMicros / MicrosPerSecond}s.db";

    /// <summary>Reads a partition file's name back into its start and span (false: not a partition file).</summary>
    public static bool TryParse(string fileName, out long startMicros, out TimeSpan span)
    {
        startMicros = 0;
        span = default;
        var dash = fileName.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0 || !fileName.EndsWith("s.db", StringComparison.Ordinal)
            || !DateTime.TryParseExact(fileName[..dash], "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var start)
            || !long.TryParse(fileName[(dash + 1)..^4], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds is < 1 or > 3600)
            return false;
        startMicros = UnixMicros.From(new DateTimeOffset(start, TimeSpan.Zero));
        span = TimeSpan.FromSeconds(seconds);
        return true;
    }

    public static long FloorDiv(long value, long divisor) => value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor);
}
