namespace Sawmill.LogStore.Contract;

/// <summary>What a contract test asks of the store it opens: one-minute partitions, a small count limit.</summary>
public sealed record StoreSetup(TimeSpan? PartitionSpan = null, long? CountLimit = null);

/// <summary>The store contract: every test of a derived class runs against the store its fixture opens.</summary>
public abstract class LogStoreContract
{
    /// <summary>A fresh, empty store.</summary>
    protected abstract Task<StoreHarness> OpenAsync(StoreSetup? setup = null);

    /// <summary>A fresh store holding <see cref="SampleLogs.All"/>.</summary>
    protected async Task<StoreHarness> SampleStoreAsync()
    {
        var harness = await OpenAsync();
        await harness.AppendAsync(SampleLogs.All);
        return harness;
    }
}
