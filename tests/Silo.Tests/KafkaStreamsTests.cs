using System.Net;
using Confluent.Kafka;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Tests.Support;
using Sawmill.Silo.Tests.Support;
using Sawmill.Streams.Kafka.Development;

namespace Sawmill.Silo.Tests;

/// <summary>The silo with its streams on Kafka: librdkafka's mock cluster, a real Kafka-protocol broker on loopback.</summary>
public sealed class KafkaStreamsTests : IDisposable
{
    private readonly MockKafkaCluster _kafka = new();

    public KafkaStreamsTests()
    {
        _kafka.CreateSawmillTopics();
    }

    private Dictionary<string, string?> Settings(string group = "sawmill") => new()
    {
        ["Kafka:BootstrapServers"] = _kafka.BootstrapServers,
        ["Kafka:ConsumerGroup"] = group,
        ["Kafka:PublishTimeout"] = "00:00:02",
    };

    [Fact]
    public async Task Events_acknowledged_by_Kafka_become_searchable_and_an_error_opens_its_alert()
    {
        await using var silo = await TestSilo.StartAsync(Settings());

        using var response = await silo.Client.PostEvents(Examples.Array(Examples.Info, Examples.Error, Examples.Log("other-node-1", node: "orders-2")));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await Await.UntilAsync(async () => (await silo.Client.SearchIds("limit=10")).Count == 3, "the three events searchable");
        await Await.UntilAsync(async () => (await silo.Client.GetNode("/api/v1/alerts?status=open")).AsArray().Count == 1, "the ERROR's alert open");
        await Await.UntilAsync(() => Task.FromResult(CommittedNow("sawmill", Topics.CriticalLogs, 1) == 1), "critical_logs committed past its one batch");
    }

    [Fact]
    public async Task The_first_message_of_a_partition_reaches_its_node_grain()
    {
        await using var silo = await TestSilo.StartAsync(Settings());
        using var registered = await silo.Client.PostEvents("""{"message_type":"REGISTRATION","node_id":"pay-9","service_name":"PaymentService","version":"2.4.1"}""");
        Assert.Equal(HttpStatusCode.Accepted, registered.StatusCode);
        await Await.UntilAsync(async () => (await silo.Client.GetNode("/api/v1/nodes"))!.AsArray().Any(n => (string?)n!["node_id"] == "pay-9"), "pay-9, the partition's first message at offset 0, registered");
    }

    [Fact]
    public async Task Offsets_are_committed_after_delivery_so_the_next_silo_neither_loses_nor_repeats()
    {
        // Two batches of one node: one partition, in order.
        await using (var first = await TestSilo.StartAsync(Settings()))
        {
            using var response = await first.Client.PostEvents(Examples.Array(Examples.Log("a1"), Examples.Log("a2")));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            await Await.UntilAsync(async () => (await first.Client.SearchIds("limit=10")).Count == 2, "a1 and a2 searchable on the first silo");
            await Await.UntilAsync(() => Task.FromResult(CommittedNow("sawmill", Topics.AllLogs, 4) == 1), "all_logs committed up to the delivered batch");
        }

        // A silo with an empty data folder reads from the committed offsets: a1 and a2 are not delivered again.
        await using var second = await TestSilo.StartAsync(Settings());
        using (var response = await second.Client.PostEvents(Examples.Array(Examples.Log("b1"))))
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await Await.UntilAsync(async () => (await second.Client.SearchIds("limit=10")).Contains("b1"), "b1 searchable on the second silo");
        Assert.Equal(["b1"], await second.Client.SearchIds("limit=10"));
    }

    [Fact]
    public async Task Without_a_reachable_Kafka_ingestion_answers_503_with_Retry_After_and_acknowledges_nothing()
    {
        await using var silo = await TestSilo.StartAsync(Settings());
        _kafka.Dispose();

        using var response = await silo.Client.PostEvents(Examples.Array(Examples.Log("lost")));

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Contains("did not acknowledge", body, StringComparison.Ordinal);
    }

    // Batches the group committed on a topic's partitions, summed (each committed offset is one past a delivered batch).
    private long CommittedNow(string group, string topic, int partitions)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = _kafka.BootstrapServers, GroupId = group }).Build();
        return consumer.Committed(Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)), TimeSpan.FromSeconds(5))
            .Sum(o => o.Offset == Offset.Unset ? 0 : o.Offset.Value);
    }

    public void Dispose() => _kafka.Dispose();
}
