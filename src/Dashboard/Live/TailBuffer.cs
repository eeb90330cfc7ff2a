using Sawmill.Grains.Interfaces;

namespace Sawmill.Dashboard.Live;

/// <summary>The rows a live view shows, newest first and bounded. Each drain shows at most <c>maxPerTick</c> of the
/// entries waiting (the newest) and counts the rest on the subscription as thinned, so a flood never floods the browser.</summary>
public sealed class TailBuffer(int capacity, int maxPerTick)
{
    private readonly List<LogEntry> _rows = new(capacity);
    private HashSet<LogEntry> _prefilled = new(ReferenceEqualityComparer.Instance);

    /// <summary>Newest first.</summary>
    public IReadOnlyList<LogEntry> Rows => _rows;

    public int Capacity => capacity;

    /// <summary>Starts over with these entries (newest first); they are not shown twice if the subscription sees them too.</summary>
    public void Reset(IEnumerable<LogEntry> newestFirst)
    {
        _rows.Clear();
        _rows.AddRange(newestFirst.Take(capacity));
        _prefilled = new HashSet<LogEntry>(_rows, ReferenceEqualityComparer.Instance);
    }

    /// <summary>Takes what the subscription has queued; returns how many rows were added.</summary>
    public int Drain(LiveSubscription subscription)
    {
        List<LogEntry> batch = [];
        while (subscription.Reader.TryRead(out var entry))
        {
            if (!_prefilled.Contains(entry)) batch.Add(entry);
        }
        _prefilled.Clear();
        if (batch.Count == 0) return 0;

        var thinned = Math.Max(0, batch.Count - maxPerTick);
        if (thinned > 0) subscription.CountThinned(thinned);
        var shown = batch.GetRange(thinned, batch.Count - thinned);
        shown.Reverse();
        _rows.InsertRange(0, shown);
        if (_rows.Count > capacity) _rows.RemoveRange(capacity, _rows.Count - capacity);
        return shown.Count;
    }
}
