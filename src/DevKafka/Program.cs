using System.Globalization;
using Sawmill.Grains.Interfaces;
using Sawmill.Streams.Kafka.Development;

// Usage: dotnet Sawmill.DevKafka.dll [all_logs partitions = 4] [file to write the bootstrap address to]
// A development broker: librdkafka's mock cluster, in memory, gone when this process ends. Never for production.
var partitions = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 4;
var addressFile = args.Length > 1 ? args[1] : null;
using var cluster = new MockKafkaCluster();
cluster.CreateSawmillTopics(partitions);
Console.WriteLine($"Sawmill development Kafka (librdkafka mock cluster, in memory, NOT for production) at {cluster.BootstrapServers}");
Console.WriteLine($"Topics: {Topics.AllLogs} ({partitions} partitions), {Topics.CriticalLogs} (1), {Topics.NodeFailure} (1), node_status (1). Ctrl+C or SIGTERM stops it.");
if (addressFile is not null) await File.WriteAllTextAsync(addressFile, cluster.BootstrapServers);

var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.TrySetResult();
using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
await stop.Task;
