namespace Sawmill.Grains.Runtime;

/// <summary>What the runtime shows per grain type: activations, call rate, queueing and turn latency.</summary>
public sealed record GrainTypeMetrics(
    string GrainType,
    int Activations,
    long TotalActivations,
    long TotalCalls,
    double CallsPerSecond,
    int MailboxDepth,
    double TurnLatencyP50Ms,
    double TurnLatencyP90Ms,
    double TurnLatencyP99Ms);
