using Sawmill.Grains.Interfaces;

namespace Sawmill.Dashboard.Live;

/// <summary>The rows a live view shows, newest timestamp first and bounded. Entries reach it in arrival order, which
/// across nodes and partitions is not time order: each is placed by its timestamp (entries of the same instant keep
/// their arrival order, the later first). Each drain shows at most <c>maxPerTick</c> of the entries waiting (the last
/// to arrive) and counts the rest on the subscription as thinned, so a flood never floods the browser.</summary>
public sealed class TailBuffer(int capacity, int maxPerTick)
{
    private readonly List<LogEntry> _rows = new(capacity);
    private HashSet<LogEntry> _prefilled = new(ReferenceEqualityComparer.Instance);

    /// <summary>Newest timestamp first.</summary>
    public IReadOnlyList<LogEntry> Rows => _rows;

    public int Capacity => capacity;

    /// <summary>Starts over with these entries (the latest arrival first); they are not shown twice if the subscription
    /// sees them too.</summary>
    public void Reset(IEnumerable<LogEntry> latestFirst)
    {
        _rows.Clear();
        foreach (var entry in latestFirst.Take(capacity).Reverse()) Place(entry);
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
        for (var i = thinned; i < batch.Count; i++) Place(batch[i]);
        if (_rows.Count > capacity) _rows.RemoveRange(capacity, _rows.Count - capacity);
        return batch.Count - thinned;
    }

    /// <summary>Before the first row that is not newer: the newest instant on top, ties the later arrival first.</summary>
    private void Place(LogEntry entry)
    {
        var (low, high) = (0, _rows.Count);
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (_rows[middle].Timestamp > entry.Timestamp) low = middle + 1;
            else high = middle;
        }
        _rows.Insert(low, entry);
    }
}
