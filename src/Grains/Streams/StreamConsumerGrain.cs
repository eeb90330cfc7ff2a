using Orleans.Streams;
using Orleans.Streams.Core;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Grains.Streams;

/// <summary>Base of the grains that consume topics through implicit subscriptions: each delivery arrives whole
/// (every message of one or more stream batches, in order), and the delivery is retried until this returns.</summary>
public abstract class StreamConsumerGrain : Grain, IStreamSubscriptionObserver, IAsyncBatchObserver<SawmillMessage>
{
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
        => await handleFactory.Create<SawmillMessage>().ResumeAsync(this);

    public abstract Task OnNextAsync(IList<SequentialItem<SawmillMessage>> items);

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}
