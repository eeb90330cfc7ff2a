using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sawmill.Streams.Kafka;

/// <summary>The silo's one Kafka producer: idempotent, acks=all, so a completed produce is on every in-sync replica.
/// Messages of one partition stay in order (idempotence keeps order across retries).</summary>
public sealed class KafkaPublisher : IDisposable
{
    private readonly IProducer<byte[], byte[]> _producer;
    private readonly ILogger<KafkaPublisher> _logger;

    public KafkaPublisher(IOptions<KafkaStreamOptions> options, ILogger<KafkaPublisher> logger)
    {
        _logger = logger;
        var settings = options.Value;
        var config = settings.Apply(new ProducerConfig
        {
            Acks = Acks.All,
            EnableIdempotence = true,
            LingerMs = 2,
            MessageTimeoutMs = (int)settings.PublishTimeout.TotalMilliseconds,
            // A full local queue fails the produce at once (503) instead of blocking the request thread.
            QueueBufferingMaxKbytes = 256 * 1024,
            CompressionType = CompressionType.Lz4,
        });
        _producer = new ProducerBuilder<byte[], byte[]>(config)
            .SetLogHandler((_, message) => logger.Log(Level(message.Level), "librdkafka {Facility}: {Message}", message.Facility, message.Message))
            .SetErrorHandler((_, error) => logger.LogWarning("Kafka producer: {Reason} ({Code})", error.Reason, error.Code))
            .Build();
    }

    /// <summary>Completes once Kafka acknowledged the message; returns its offset.</summary>
    /// <exception cref="KafkaException">Kafka did not take it within the publish timeout, or refused it.</exception>
    public async Task<long> ProduceAsync(string topic, int partition, byte[] key, byte[] value, CancellationToken cancellationToken)
    {
        var result = await _producer.ProduceAsync(new TopicPartition(topic, new Partition(partition)), new Message<byte[], byte[]> { Key = key, Value = value }, cancellationToken);
        return result.Offset.Value;
    }

    /// <summary>Produces without waiting for the acknowledgement (what a failed delivery loses is logged).</summary>
    public void Produce(string topic, byte[] key, byte[] value, Headers? headers = null) => _producer.Produce(topic, new Message<byte[], byte[]> { Key = key, Value = value, Headers = headers }, report =>
    {
        if (report.Error.IsError) _logger.LogWarning("Kafka did not take a message for {Topic}: {Reason}", topic, report.Error.Reason);
    });

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(5));
        _producer.Dispose();
    }

    internal static LogLevel Level(SyslogLevel level) => level switch
    {
        SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical or SyslogLevel.Error => LogLevel.Error,
        SyslogLevel.Warning => LogLevel.Warning,
        SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
        _ => LogLevel.Debug,
    };
}
