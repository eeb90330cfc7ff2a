namespace Sawmill.Grains.Interfaces;

/// <summary>NODE_FAILURE: a node stopped heartbeating.</summary>
public sealed record NodeFailure : SawmillMessage
{
    public required string ServiceName { get; init; }

    public DateTimeOffset? LastHeartbeat { get; init; }

    public required DateTimeOffset DetectedAt { get; init; }

    public required string Reason { get; init; }

    public override string MessageType => MessageTypes.NodeFailure;
}
