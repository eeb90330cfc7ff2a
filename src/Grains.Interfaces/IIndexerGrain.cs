namespace Sawmill.Grains.Interfaces;

/// <summary>Stores the LOG and REGISTRATION messages of all_logs in the searchable log store (one per partition).</summary>
public interface IIndexerGrain : IGrainWithStringKey, ITopicSubscriber
{
    /// <summary>How many entries this indexer has written.</summary>
    ValueTask<long> GetIndexedCountAsync();
}
