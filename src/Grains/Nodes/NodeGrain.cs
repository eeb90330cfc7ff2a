using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Streams;

namespace Sawmill.Grains.Nodes;

/// <summary>One node: registration, heartbeats, counters and status. A grain timer set to the moment the node
/// would time out declares it failed; after a restart, its partition's reminder re-activates it (<see cref="NodePartitionGrain"/>).</summary>
public sealed class NodeGrain(
    [PersistentState(NodeGrain.StateName, StorageNames.GrainState)] IPersistentState<NodeState> persistent,
    NodeRegistry registry,
    IStreamBacklog backlog,
    IOptions<NodeHealthOptions> options,
    IOptions<StreamPartitionOptions> partitioning,
    TimeProvider timeProvider,
    ILogger<NodeGrain> logger) : Grain, INodeGrain
{
    /// <summary>The name of the node grain's persistent state.</summary>
    public const string StateName = "node";

    private static readonly TimeSpan StreamLagRecheck = TimeSpan.FromMilliseconds(200);

    private readonly NodeHealthOptions _options = options.Value;
    private HeartbeatTracker _tracker = null!;
    private IGrainTimer _timer = null!;
    private DateTimeOffset _lastWrite;
    private bool _dirty;
    private string _nodeId = "";

    private NodeState State => persistent.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        _nodeId = this.GetPrimaryKeyString();
        _tracker = new HeartbeatTracker(State.Liveness, _options.HeartbeatTimeout, watchingSince: now);
        _lastWrite = now;
        _timer = this.RegisterGrainTimer(_ => CheckAsync(), Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        ArmTimer(now);
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Counters are written at most every StateWriteInterval; what changed since goes now.
        if (_dirty) await persistent.WriteStateAsync(cancellationToken);
    }

    public async ValueTask ApplyAsync(NodeBatch batch)
    {
        var now = timeProvider.GetUtcNow();
        var events = new List<SawmillMessage>();
        var changed = false;
        var applied = false;
        for (var i = 0; i < batch.Messages.Count; i++)
        {
            // A redelivery after a crash repeats what the stored state already counts.
            if (batch.Sequences[i] <= State.LastSequence) continue;
            changed |= Apply(batch.Messages[i], now, events);
            applied = true;
        }
        if (!applied) return;
        State.LastSequence = batch.Sequences[^1];
        _dirty = true;
        await AfterChangeAsync(now, changed, events);
    }

    public ValueTask<NodeDetails?> GetDetailsAsync() => ValueTask.FromResult(State.Known
        ? new NodeDetails(State.ToSummary(_nodeId), State.History.ToList(), State.RecentErrors.ToList())
        : null);

    public async ValueTask CheckLivenessAsync() => await CheckAsync();

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
                // A repeated registration of a node already UP is no change of status: one "registered" row, not one per call.
                var repeated = State.History is [{ Reason: "registered" } newest, ..] && newest.Status == State.Liveness.Status;
                if (registered == LivenessChange.None && !repeated) AddHistory(now, State.Liveness.Status, "registered");
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
                    NodeId = _nodeId,
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
                    NodeId = _nodeId,
                    ServiceName = State.ServiceName,
                    LastHeartbeat = liveness.LastHeartbeat,
                    DetectedAt = now,
                    Reason = reason,
                });
                logger.LogWarning("Node {NodeId} of {Service} failed: {Reason}", _nodeId, State.ServiceName, reason);
                return true;
            default:
                return false;
        }
    }

    private async Task CheckAsync()
    {
        var now = timeProvider.GetUtcNow();
        if (_tracker.IsDue(now) && backlog.PendingSince(Topics.AllLogs, partitioning.Value.PartitionOf(_nodeId)) is { } pending && pending < _tracker.DueAt)
        {
            // Messages enqueued before the deadline are still on their way to this grain (the stream lags, say
            // under a burst): one of them may be a beat. Decide once the partition has caught up to the deadline.
            _timer.Change(StreamLagRecheck, Timeout.InfiniteTimeSpan);
            return;
        }
        var events = new List<SawmillMessage>();
        await AfterChangeAsync(now, Record(_tracker.Check(now), now, events), events);
    }

    private async Task AfterChangeAsync(DateTimeOffset now, bool changed, List<SawmillMessage> events)
    {
        if (!State.Known) return;
        if (events.Count > 0)
        {
            await this.GetStreamProvider(Topics.NodeFailure).GetStream<SawmillMessage>(SawmillStreams.NodeFailure).OnNextBatchAsync(events);
        }

        if (changed || now - _lastWrite >= _options.StateWriteInterval)
        {
            await persistent.WriteStateAsync();
            _lastWrite = now;
            _dirty = false;
        }
        ArmTimer(now);
        // Last, so that whoever watches the registry sees the node once its timer is set.
        registry.Post(State.ToSummary(_nodeId));
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
