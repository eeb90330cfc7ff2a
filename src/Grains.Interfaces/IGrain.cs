namespace Sawmill.Grains.Interfaces;

/// <summary>Marks a grain interface: calls through a reference run one at a time on the grain's activation.</summary>
public interface IGrain;
