using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Nodes;
using Sawmill.Grains.Tests.Support;

namespace Sawmill.Grains.Tests.Nodes;

public sealed class HeartbeatTrackerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(6);
    private static readonly DateTimeOffset T0 = Some.Time;

    private static HeartbeatTracker Tracker(LivenessState? state = null, DateTimeOffset? watchingSince = null)
        => new(state ?? new LivenessState(), Timeout, watchingSince ?? T0);

    [Fact]
    public void Node_is_declared_failed_exactly_once_after_the_timeout_and_not_before()
    {
        var tracker = Tracker();
        tracker.Beat(T0);

        Assert.Equal(T0 + Timeout, tracker.DueAt);
        Assert.Equal(LivenessChange.None, tracker.Check(T0 + Timeout - TimeSpan.FromMilliseconds(1)));
        Assert.Equal(LivenessChange.Failed, tracker.Check(T0 + Timeout));
        Assert.Equal(NodeStatus.Down, tracker.State.Status);
        Assert.Equal(T0 + Timeout, tracker.State.FailedAt);
        Assert.Equal(LivenessChange.None, tracker.Check(T0 + Timeout * 10));
        Assert.Null(tracker.DueAt);
    }

    [Fact]
    public void Jittered_beats_within_the_timeout_never_fail()
    {
        var tracker = Tracker();
        var random = new Random(42);
        var now = T0;
        for (var i = 0; i < 500; i++)
        {
            tracker.Beat(now);
            now += TimeSpan.FromMilliseconds(random.Next(500, 5_999));
            Assert.Equal(LivenessChange.None, tracker.Check(now));
        }
        Assert.Equal(NodeStatus.Up, tracker.State.Status);
    }

    [Fact]
    public void Beat_after_a_failure_is_a_recovery_and_watching_starts_again()
    {
        var tracker = Tracker();
        tracker.Beat(T0);
        tracker.Check(T0 + Timeout);

        Assert.Equal(LivenessChange.Recovered, tracker.Beat(T0 + TimeSpan.FromMinutes(1)));
        Assert.Equal(NodeStatus.Up, tracker.State.Status);
        Assert.False(tracker.State.Failed);
        Assert.Equal(T0 + TimeSpan.FromMinutes(1) + Timeout, tracker.DueAt);
    }

    [Fact]
    public void Graceful_goodbye_is_down_without_failure_and_never_fails_later()
    {
        var tracker = Tracker();
        tracker.Beat(T0);

        Assert.Equal(LivenessChange.WentDown, tracker.Goodbye(T0 + TimeSpan.FromSeconds(1)));
        Assert.Equal(LivenessChange.None, tracker.Check(T0 + TimeSpan.FromHours(1)));
        Assert.False(tracker.State.Failed);
        Assert.Equal(LivenessChange.CameUp, tracker.Beat(T0 + TimeSpan.FromHours(2)));
    }

    [Fact]
    public void Node_known_only_from_its_logs_is_not_watched()
    {
        var tracker = Tracker();
        Assert.Null(tracker.DueAt);
        Assert.Equal(LivenessChange.None, tracker.Check(T0 + TimeSpan.FromDays(1)));
    }

    [Fact]
    public void After_a_restart_beats_missed_while_the_silo_was_down_count_from_the_new_activation()
    {
        var stored = new LivenessState { Status = NodeStatus.Up, Watched = true, LastHeartbeat = T0 };
        var restartedAt = T0 + TimeSpan.FromMinutes(10);
        var tracker = Tracker(stored, restartedAt);

        Assert.Equal(LivenessChange.None, tracker.Check(restartedAt));
        Assert.Equal(restartedAt + Timeout, tracker.DueAt);
        Assert.Equal(LivenessChange.Failed, tracker.Check(restartedAt + Timeout));
    }
}
