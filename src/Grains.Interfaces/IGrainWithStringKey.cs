namespace Sawmill.Grains.Interfaces;

/// <summary>A grain identified by a string key, such as a node_id.</summary>
public interface IGrainWithStringKey : IGrain;
