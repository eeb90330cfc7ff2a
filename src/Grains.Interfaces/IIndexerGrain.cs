namespace Sawmill.Grains.Interfaces;

/// <summary>Stores the LOG and REGISTRATION messages of one all_logs partition (the key) in the searchable log store.</summary>
[Alias("Sawmill.IIndexerGrain")]
public interface IIndexerGrain : IGrainWithStringKey
{
    /// <summary>How many entries this activation has written.</summary>
    [Alias("GetIndexedCount")]
    ValueTask<long> GetIndexedCountAsync();
}
