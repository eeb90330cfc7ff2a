using Microsoft.Extensions.Hosting;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Streams;

namespace Sawmill.Dashboard.Live;

/// <summary>Feeds the live tail in the silo: a consumer group of its own on all_logs, so it never slows ingestion.</summary>
public sealed class TopicLiveSource(ITopicProvider topics, LiveFeed feed) : IHostedService
{
    public const string ConsumerGroup = "dashboard-live";

    private ITopicSubscriptionHandle? _handle;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _handle = topics.Subscribe(new TopicSubscription(Topics.AllLogs, ConsumerGroup, (batch, _) =>
        {
            var messages = new SawmillMessage[batch.Messages.Count];
            for (var i = 0; i < messages.Length; i++) messages[i] = batch.Messages[i].Value;
            feed.Accept(messages);
            return ValueTask.CompletedTask;
        }));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_handle is not null) await _handle.DisposeAsync();
    }
}
