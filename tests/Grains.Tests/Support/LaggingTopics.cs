using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Streams;

namespace Sawmill.Grains.Tests.Support;

/// <summary>The real in-process topics, except that a test decides what consumer lag they report.</summary>
public sealed class LaggingTopics(InProcessTopicProvider inner) : ITopicProvider
{
    /// <summary>When set, every PendingSince answers this (as if older messages were still undelivered).</summary>
    public DateTimeOffset? PendingSinceOverride { get; set; }

    public ValueTask PublishAsync(string topic, IReadOnlyList<SawmillMessage> messages, CancellationToken cancellationToken = default)
        => inner.PublishAsync(topic, messages, cancellationToken);

    public DateTimeOffset? PendingSince(string topic, string group, string key) => PendingSinceOverride ?? inner.PendingSince(topic, group, key);

    public ITopicSubscriptionHandle Subscribe(TopicSubscription subscription) => inner.Subscribe(subscription);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
