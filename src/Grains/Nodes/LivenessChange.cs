namespace Sawmill.Grains.Nodes;

/// <summary>What a liveness event did to a node's status.</summary>
public enum LivenessChange
{
    None,

    /// <summary>DOWN to UP without a failure (a node that said goodbye came back).</summary>
    CameUp,

    /// <summary>A graceful goodbye: DOWN, no alert.</summary>
    WentDown,

    /// <summary>No heartbeat for the timeout: DOWN, one NODE_FAILURE.</summary>
    Failed,

    /// <summary>Beats resumed after a failure: UP, one NODE_RECOVERED.</summary>
    Recovered,
}
