using Sawmill.Grains.Interfaces;

namespace Sawmill.Dashboard.Components;

/// <summary>What the pages count as UP and DOWN: only watched nodes (a node known only from its logs is neither).</summary>
public static class NodeStates
{
    public static bool IsUp(this NodeSummary node) => node.Watched && node.Status == NodeStatus.Up;

    public static bool IsDown(this NodeSummary node) => node.Watched && node.Status == NodeStatus.Down;
}
