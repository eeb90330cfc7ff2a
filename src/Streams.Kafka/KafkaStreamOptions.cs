using Confluent.Kafka;

namespace Sawmill.Streams.Kafka;

/// <summary>Where the Kafka topics are and how the silos use them (section <c>Kafka</c>). Azure Event Hubs takes the same
/// settings: its namespace's Kafka endpoint, SASL_SSL, PLAIN, user <c>$ConnectionString</c>, the connection string as password.</summary>
public sealed class KafkaStreamOptions
{
    public const string SectionName = "Kafka";

    /// <summary>The brokers, <c>host:port,host:port</c>. Setting it puts the streams on Kafka.</summary>
    public string BootstrapServers { get; set; } = "";

    /// <summary>The consumer group whose committed offsets say what the silos have delivered.</summary>
    public string ConsumerGroup { get; set; } = "sawmill";

    /// <summary>Prefixed to the topic names all_logs, critical_logs and node_failure (several deployments on one cluster).</summary>
    public string TopicPrefix { get; set; } = "";

    /// <summary>How long ingestion waits for Kafka to acknowledge (acks=all) before answering 503.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Create missing topics at start (all_logs with one partition per stream partition, the others with one).</summary>
    public bool CreateTopics { get; set; } = true;

    /// <summary>Replication factor of created topics (1 for a single broker; 3 in production).</summary>
    public short ReplicationFactor { get; set; } = 1;

    /// <summary>Messages Orleans' cache keeps per topic until every consumer has them.</summary>
    public int CacheSize { get; set; } = 4096;

    /// <summary>How often a silo's pulling agent reads its partitions.</summary>
    public TimeSpan PollPeriod { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>SASL: <c>Plaintext</c> (default), <c>SaslSsl</c> for Event Hubs or a secured cluster.</summary>
    public SecurityProtocol SecurityProtocol { get; set; } = SecurityProtocol.Plaintext;

    public SaslMechanism? SaslMechanism { get; set; }

    public string? SaslUsername { get; set; }

    public string? SaslPassword { get; set; }

    /// <summary>A consumer's session timeout; short in tests so a killed silo's partitions move quickly.</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public string Topic(string topic) => TopicPrefix + topic;

    /// <summary>The connection settings every client of ours shares.</summary>
    public T Apply<T>(T config) where T : ClientConfig
    {
        config.BootstrapServers = BootstrapServers;
        config.SecurityProtocol = SecurityProtocol;
        if (SaslMechanism is { } mechanism) config.SaslMechanism = mechanism;
        if (SaslUsername is not null) config.SaslUsername = SaslUsername;
        if (SaslPassword is not null) config.SaslPassword = SaslPassword;
        return config;
    }

    public string? Validate() =>
        string.IsNullOrWhiteSpace(BootstrapServers) ? "Kafka:BootstrapServers must list the brokers."
        : string.IsNullOrWhiteSpace(ConsumerGroup) ? "Kafka:ConsumerGroup must be set."
        : PublishTimeout <= TimeSpan.Zero || PollPeriod <= TimeSpan.Zero || SessionTimeout <= TimeSpan.Zero ? "Kafka: PublishTimeout, PollPeriod and SessionTimeout must be positive."
        : CacheSize < 10 ? "Kafka:CacheSize must be at least 10."
        : ReplicationFactor < 1 ? "Kafka:ReplicationFactor must be at least 1."
        : null;
}
