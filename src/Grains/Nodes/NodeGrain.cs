using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Runtime;
using Sawmill.Grains.Streams;

namespace Sawmill.Grains.Nodes;

/// <summary>One node: registration, heartbeats, counters and status. A grain timer set to the moment the node
/// would time out declares it failed; a durable reminder re-checks after a silo restart.</summary>
[ImplicitStreamSubscription(Topics.AllLogs)]
public sealed class NodeGrain(
    ITopicProvider topics,
    NodeRegistry registry,
    IOptions<NodeHealthOptions> options,
    TimeProvider timeProvider,
    ILogger<NodeGrain> logger) : Grain<NodeState>, INodeGrain, IRemindable
{
    public const string LivenessReminder = "liveness";

    private static readonly TimeSpan StreamLagRecheck = TimeSpan.FromMilliseconds(200);

    private readonly NodeHealthOptions _options = options.Value;
    private HeartbeatTracker _tracker = null!;
    private IGrainTimer _timer = null!;
    private DateTimeOffset _lastWrite;

    public override ValueTask OnActivateAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        _tracker = new HeartbeatTracker(State.Liveness, _options.HeartbeatTimeout, watchingSince: now);
        _lastWrite = now;
        _timer = RegisterGrainTimer(_ => CheckAsync(), Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        ArmTimer(now);
        return ValueTask.CompletedTask;
    }

    public async ValueTask OnNextBatchAsync(TopicBatch batch)
    {
        var now = timeProvider.GetUtcNow();
        var events = new List<SawmillMessage>();
        var changed = false;
        foreach (var message in batch.Messages) changed |= Apply(message.Value, now, events);
        await AfterChangeAsync(now, changed, events);
    }

    public ValueTask<NodeDetails?> GetDetailsAsync() => ValueTask.FromResult(State.Known
        ? new NodeDetails(State.ToSummary(GrainKey), State.History.ToList(), State.RecentErrors.ToList())
        : null);

    public async ValueTask ReceiveReminderAsync(string reminderName, DateTimeOffset dueAt)
    {
        if (reminderName == LivenessReminder) await CheckAsync();
    }

    /// <summary>Applies one message; true when something worth writing at once changed.</summary>
    private bool Apply(SawmillMessage message, DateTimeOffset now, List<SawmillMessage> events)
    {
        var firstContact = !State.Known;
        State.Known = true;
        State.LastSeen = now;
        switch (message)
        {
            case Registration registration:
                State.ServiceName = registration.ServiceName;
                State.Metadata = registration.Properties;
                State.RegisteredAt = now;
                var registered = registration.Status == NodeStatus.Up ? _tracker.Beat(now) : _tracker.Goodbye(now);
                if (registered == LivenessChange.None) AddHistory(now, State.Liveness.Status, "registered");
                Record(registered, now, events);
                return true;
            case Heartbeat heartbeat:
                if (firstContact) AdoptUnknownNode("unknown", now);
                var goodbye = heartbeat.Properties?.TryGetValue("exit_code", out var exitCode) == true ? $", exit code {exitCode.GetRawText()}" : "";
                return Record(heartbeat.Status == NodeStatus.Up ? _tracker.Beat(now) : _tracker.Goodbye(now), now, events, goodbye) || firstContact;
            case LogEntry entry:
                if (firstContact || State.ServiceName == "unknown") AdoptUnknownNode(entry.ServiceName, now);
                State.Counts[entry.LogLevel] = State.Counts.GetValueOrDefault(entry.LogLevel) + 1;
                if (entry.LogLevel.IsCritical())
                {
                    State.RecentErrors.Insert(0, new RecentError(entry.LogId, entry.LogLevel, entry.Message, entry.ErrorDetails?.ErrorCode, entry.Timestamp));
                    if (State.RecentErrors.Count > _options.RecentErrorCount) State.RecentErrors.RemoveRange(_options.RecentErrorCount, State.RecentErrors.Count - _options.RecentErrorCount);
                }
                return firstContact;
            default:
                return false;
        }
    }

    /// <summary>A node first seen through a log or heartbeat is registered on the spot (SPEC: auto-registration).</summary>
    private void AdoptUnknownNode(string serviceName, DateTimeOffset now)
    {
        State.ServiceName = serviceName;
        State.RegisteredAt ??= now;
        if (State.History.Count == 0) AddHistory(now, State.Liveness.Status, "auto-registered from its first message");
    }

    private bool Record(LivenessChange change, DateTimeOffset now, List<SawmillMessage> events, string detail = "")
    {
        var liveness = State.Liveness;
        switch (change)
        {
            case LivenessChange.CameUp:
                AddHistory(now, NodeStatus.Up, "heartbeats resumed after a graceful shutdown");
                return true;
            case LivenessChange.WentDown:
                AddHistory(now, NodeStatus.Down, "graceful shutdown (DOWN heartbeat)" + detail);
                return true;
            case LivenessChange.Recovered:
                AddHistory(now, NodeStatus.Up, "heartbeats resumed: recovered");
                events.Add(new NodeRecovered
                {
                    NodeId = GrainKey,
                    ServiceName = State.ServiceName,
                    LastHeartbeat = liveness.LastHeartbeat,
                    DetectedAt = liveness.FailedAt,
                    RecoveredAt = now,
                    Reason = "heartbeats resumed",
                });
                return true;
            case LivenessChange.Failed:
                var reason = $"no heartbeat for {_options.HeartbeatTimeout.TotalSeconds:0.###} s";
                AddHistory(now, NodeStatus.Down, reason);
                events.Add(new NodeFailure
                {
                    NodeId = GrainKey,
                    ServiceName = State.ServiceName,
                    LastHeartbeat = liveness.LastHeartbeat,
                    DetectedAt = now,
                    Reason = reason,
                });
                logger.LogWarning("Node {NodeId} of {Service} failed: {Reason}", GrainKey, State.ServiceName, reason);
                return true;
            default:
                return false;
        }
    }

    private async ValueTask CheckAsync()
    {
        var now = timeProvider.GetUtcNow();
        if (_tracker.IsDue(now) && topics.PendingSince(Topics.AllLogs, nameof(NodeGrain), GrainKey) is { } pending && pending < _tracker.DueAt)
        {
            // Messages published before the deadline are still on their way to this grain (the stream lags, say
            // under a burst): one of them may be a beat. Decide once the stream has caught up to the deadline.
            _timer.Change(StreamLagRecheck, Timeout.InfiniteTimeSpan);
            return;
        }
        var events = new List<SawmillMessage>();
        await AfterChangeAsync(now, Record(_tracker.Check(now), now, events), events);
    }

    private async ValueTask AfterChangeAsync(DateTimeOffset now, bool changed, List<SawmillMessage> events)
    {
        if (!State.Known) return;
        if (events.Count > 0) await topics.PublishAsync(Topics.NodeFailure, events);

        var needsReminder = State.Liveness is { Watched: true, Status: NodeStatus.Up };
        if (needsReminder != State.ReminderRegistered)
        {
            if (needsReminder) await RegisterOrUpdateReminderAsync(LivenessReminder, _options.ReminderPeriod, _options.ReminderPeriod);
            else await UnregisterReminderAsync(LivenessReminder);
            State.ReminderRegistered = needsReminder;
            changed = true;
        }
        if (changed || now - _lastWrite >= _options.StateWriteInterval)
        {
            await WriteStateAsync();
            _lastWrite = now;
        }
        ArmTimer(now);
        // Last, so that whoever watches the registry sees the node once its timer and reminder are set.
        registry.Update(State.ToSummary(GrainKey));
    }

    private void ArmTimer(DateTimeOffset now)
    {
        var due = _tracker.DueAt;
        _timer.Change(due is null ? Timeout.InfiniteTimeSpan : (due.Value > now ? due.Value - now : TimeSpan.Zero), Timeout.InfiniteTimeSpan);
    }

    private void AddHistory(DateTimeOffset at, NodeStatus status, string reason)
    {
        State.History.Insert(0, new NodeStatusChange(at, status, reason));
        if (State.History.Count > _options.HistoryLength) State.History.RemoveRange(_options.HistoryLength, State.History.Count - _options.HistoryLength);
    }
}
