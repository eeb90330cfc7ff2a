using System.Collections.Concurrent;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Dashboard.Live;

/// <summary>What the live tail shows: entries accepted from a source (all_logs in the silo, a silo's hub in a standalone
/// dashboard) are only copied into the viewers' bounded queues, so the feed never slows its source. Keeps the newest
/// entries for new viewers, and the ingest rate.</summary>
public sealed class LiveFeed(TimeProvider timeProvider)
{
    public const int RecentCapacity = 1000;

    private readonly ConcurrentDictionary<LiveSubscription, byte> _subscriptions = new();
    private readonly LogEntry?[] _recent = new LogEntry?[RecentCapacity];
    private readonly Lock _recentLock = new();
    private readonly RateMeter _rate = new(timeProvider);
    private long _recentCount;

    /// <summary>How many viewers are subscribed.</summary>
    public int SubscriberCount => _subscriptions.Count;

    /// <summary>Set when a cluster-wide source (the silo reading every all_logs partition from Kafka) feeds this: the
    /// live tail grain, which sees only its own silo's partitions, then stands aside.</summary>
    public bool ClusterWide { get; set; }

    /// <summary>Entries per second received over the last seconds, all levels.</summary>
    public double EventsPerSecond => _rate.PerSecond;

    /// <summary>Starts receiving matching entries; dispose the subscription to stop.</summary>
    public LiveSubscription Subscribe(LiveFilter filter, int capacity = 2000)
    {
        var subscription = new LiveSubscription(filter, capacity, s => _subscriptions.TryRemove(s, out _));
        _subscriptions.TryAdd(subscription, 0);
        return subscription;
    }

    /// <summary>The last entries to arrive that match, the latest arrival first (what a new viewer sees before live
    /// entries arrive; <see cref="NewestFirst"/> puts them in time order).</summary>
    public IReadOnlyList<LogEntry> Recent(LiveFilter filter, int max)
    {
        var matches = new List<LogEntry>(max);
        lock (_recentLock)
        {
            var available = (int)Math.Min(_recentCount, RecentCapacity);
            for (var i = 1; i <= available && matches.Count < max; i++)
            {
                var entry = _recent[(_recentCount - i) % RecentCapacity]!;
                if (filter.Matches(entry)) matches.Add(entry);
            }
        }
        return matches;
    }

    /// <summary>Entries in time order, the newest first; entries of the same instant keep their order.</summary>
    public static IReadOnlyList<LogEntry> NewestFirst(IEnumerable<LogEntry> entries) => entries.OrderByDescending(e => e.Timestamp).ToList();

    /// <summary>Takes a batch of messages from the source; only LOG entries are kept and offered.</summary>
    public void Accept(IReadOnlyList<SawmillMessage> messages)
    {
        // Once per batch, not per entry: ConcurrentDictionary.Keys copies, and the rate and ring take locks.
        var subscriptions = _subscriptions.Keys;
        var entries = 0;
        lock (_recentLock)
        {
            foreach (var message in messages)
            {
                if (message is not LogEntry entry) continue;
                entries++;
                _recent[_recentCount++ % RecentCapacity] = entry;
            }
        }
        _rate.Count(entries);
        if (subscriptions.Count == 0) return;
        foreach (var message in messages)
        {
            if (message is not LogEntry entry) continue;
            foreach (var subscription in subscriptions)
            {
                if (subscription.Filter.Matches(entry)) subscription.Offer(entry);
            }
        }
    }
}
