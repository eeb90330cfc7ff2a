using Sawmill.Client;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Agent;

/// <summary>Turns output lines into LOG entries on the shipper.</summary>
internal sealed class LineShipper(SawmillShipper shipper, string source)
{
    private long _sequence;

    public void Ship(string line, bool fromStderr)
    {
        if (string.IsNullOrWhiteSpace(line)) return;
        var (level, message, properties) = LineClassifier.Classify(line, fromStderr);
        Enqueue(level, message, properties ?? [], fromStderr);
    }

    /// <summary>The last entry of a run: the exit code, ERROR when it is not 0.</summary>
    public void Exited(int exitCode)
    {
        var properties = new Dictionary<string, System.Text.Json.JsonElement> { ["exit_code"] = System.Text.Json.JsonSerializer.SerializeToElement(exitCode) };
        Enqueue(exitCode == 0 ? Severity.Info : Severity.Error, $"Process exited with code {exitCode}", properties, fromStderr: false);
    }

    private void Enqueue(Severity level, string message, Dictionary<string, System.Text.Json.JsonElement> properties, bool fromStderr)
    {
        properties["stream"] = System.Text.Json.JsonSerializer.SerializeToElement(fromStderr ? "stderr" : "stdout");
        properties["source"] = System.Text.Json.JsonSerializer.SerializeToElement(source);
        var now = DateTimeOffset.Now;
        shipper.Enqueue(new LogEntry
        {
            NodeId = shipper.NodeId,
            ServiceName = shipper.ServiceName,
            LogId = $"{shipper.NodeId}-{now.ToUnixTimeMilliseconds()}-{Interlocked.Increment(ref _sequence)}",
            LogLevel = level,
            Message = message.Length > 60_000 ? message[..60_000] : message,
            Timestamp = now,
            Properties = properties,
        });
    }
}
