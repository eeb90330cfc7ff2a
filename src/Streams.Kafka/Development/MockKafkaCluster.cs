using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Sawmill.Streams.Kafka.Development;

/// <summary>A development Kafka: librdkafka's mock cluster, which speaks the Kafka protocol on loopback ports so that
/// other processes (silos, kcat) can use it. In memory, small and for tests and local clusters only: never production.</summary>
public sealed class MockKafkaCluster : IDisposable
{
    private readonly IProducer<byte[], byte[]> _owner;
    private readonly IntPtr _cluster;

    public MockKafkaCluster(int brokers = 1)
    {
        // The cluster lives as long as the client that asked for it.
        var config = new ProducerConfig();
        config.Set("test.mock.num.brokers", brokers.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _owner = new ProducerBuilder<byte[], byte[]>(config).Build();
        using (var admin = new DependentAdminClientBuilder(_owner.Handle).Build())
            BootstrapServers = string.Join(",", admin.GetMetadata(TimeSpan.FromSeconds(10)).Brokers.Select(b => $"{b.Host}:{b.Port}"));
        _cluster = Native.MockCluster(_owner.Handle);
    }

    /// <summary>The brokers' addresses, for <c>Kafka:BootstrapServers</c>.</summary>
    public string BootstrapServers { get; }

    /// <summary>Creates a topic (the mock does not answer the admin API's CreateTopics).</summary>
    public void CreateTopic(string topic, int partitions, int replication = 1)
    {
        var error = Native.CreateTopic(_cluster, topic, partitions, replication);
        if (error != 0) throw new InvalidOperationException($"The mock cluster refused topic {topic}: librdkafka error {error}.");
    }

    /// <summary>The topics a Sawmill cluster uses: all_logs with <paramref name="partitions"/>, the others with one.</summary>
    public void CreateSawmillTopics(int partitions = 4)
    {
        CreateTopic(Grains.Interfaces.Topics.AllLogs, partitions);
        CreateTopic(Grains.Interfaces.Topics.CriticalLogs, 1);
        CreateTopic(Grains.Interfaces.Topics.NodeFailure, 1);
        CreateTopic(KafkaNodeDirectory.Topic, 1);
    }

    private int _disposed;

    /// <summary>Stops the brokers (tests use it to take Kafka away under a running silo).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) _owner.Dispose();
    }

    // The mock's C API, on the librdkafka that Confluent.Kafka loaded (found in this process's mappings).
    private static class Native
    {
        private delegate IntPtr HandleMockCluster(IntPtr rk);
        private delegate int MockTopicCreate(IntPtr cluster, [MarshalAs(UnmanagedType.LPUTF8Str)] string topic, int partitions, int replication);

        public static IntPtr MockCluster(Handle handle)
        {
            var rk = ((SafeHandle)typeof(Handle).GetProperty("LibrdkafkaHandle", BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Instance)!.GetValue(handle)!).DangerousGetHandle();
            var cluster = Export<HandleMockCluster>("rd_kafka_handle_mock_cluster")(rk);
            return cluster != IntPtr.Zero ? cluster : throw new InvalidOperationException("librdkafka did not start a mock cluster.");
        }

        public static int CreateTopic(IntPtr cluster, string topic, int partitions, int replication)
            => Export<MockTopicCreate>("rd_kafka_mock_topic_create")(cluster, topic, partitions, replication);

        private static T Export<T>(string name) where T : Delegate
        {
            var path = File.ReadLines("/proc/self/maps").Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(f => f.Length >= 6)
                .Select(f => f[^1]).FirstOrDefault(p => Path.GetFileName(p).Contains("librdkafka", StringComparison.Ordinal))
                ?? throw new PlatformNotSupportedException("librdkafka is not loaded from a file this process can see (the mock cluster needs Linux).");
            return Marshal.GetDelegateForFunctionPointer<T>(NativeLibrary.GetExport(NativeLibrary.Load(path), name));
        }
    }
}
