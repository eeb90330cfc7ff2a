using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Streams;

namespace Sawmill.Grains.Streams;

/// <summary>When Orleans gives up delivering a batch to a consumer (it kept failing for MaxEventDeliveryTime), the batch
/// is skipped for that consumer, the others keep it, and this says so in the log; the subscription stays up.</summary>
public sealed class LoggingStreamFailureHandler(ILogger logger) : IStreamFailureHandler
{
    public bool ShouldFaultSubsriptionOnError => false;

    public Task OnDeliveryFailure(GuidId subscriptionId, string streamProviderName, StreamId streamIdentity, StreamSequenceToken? sequenceToken)
    {
        logger.LogError("A consumer of {Topic} stream {Stream} gave up batch {Sequence} after repeated failures; it is skipped for that consumer",
            streamProviderName, streamIdentity, sequenceToken);
        return Task.CompletedTask;
    }

    public Task OnSubscriptionFailure(GuidId subscriptionId, string streamProviderName, StreamId streamIdentity, StreamSequenceToken? sequenceToken)
    {
        logger.LogError("Subscription {Subscription} to {Topic} stream {Stream} failed at {Sequence}", subscriptionId, streamProviderName, streamIdentity, sequenceToken);
        return Task.CompletedTask;
    }
}
