using System.Text;

namespace Sawmill.Liveness;

/// <summary>N nodes of 10 services, cut into NDJSON batches: each batch once as REGISTRATION lines, once as
/// HEARTBEAT lines, and once as HEARTBEAT lines without the nodes chosen to stop. Built once, posted as is.</summary>
internal sealed class Fleet
{
    private static readonly string[] Services =
    [
        "PaymentService", "OrderService", "InventoryService", "ShippingService", "UserService",
        "SearchService", "CartService", "AuthService", "NotificationService", "ReportingService",
    ];

    private readonly byte[][] _registrations;
    private readonly byte[][] _beats;
    private readonly byte[][] _beatsWithoutStopped;
    private readonly int[][] _stoppedByBatch;

    public Fleet(int nodes, int stopping, int batchSize)
    {
        Nodes = nodes;
        BatchSize = batchSize;
        Batches = (nodes + batchSize - 1) / batchSize;
        // Spread evenly over the fleet, so the stopped nodes sit in many batches and every service.
        var stride = (double)nodes / Math.Min(stopping, nodes);
        Stopped = Enumerable.Range(0, Math.Min(stopping, nodes)).Select(s => (int)(s * stride + stride / 2)).ToArray();
        var stopped = Stopped.ToHashSet();
        _registrations = new byte[Batches][];
        _beats = new byte[Batches][];
        _beatsWithoutStopped = new byte[Batches][];
        _stoppedByBatch = new int[Batches][];
        for (var b = 0; b < Batches; b++)
        {
            var range = Enumerable.Range(b * batchSize, Math.Min(batchSize, nodes - b * batchSize)).ToList();
            _registrations[b] = Ndjson(range.Select(Registration));
            _beats[b] = Ndjson(range.Select(Heartbeat));
            _beatsWithoutStopped[b] = Ndjson(range.Where(i => !stopped.Contains(i)).Select(Heartbeat));
            _stoppedByBatch[b] = range.Where(stopped.Contains).ToArray();
        }
    }

    public int Nodes { get; }

    public int BatchSize { get; }

    public int Batches { get; }

    /// <summary>The indexes of the nodes that stop beating (the stopping sample).</summary>
    public IReadOnlyList<int> Stopped { get; }

    public static string NodeId(int node) => $"node-{node:D6}";

    public byte[] RegistrationBody(int batch) => _registrations[batch];

    public byte[] BeatBody(int batch, bool withoutStopped) => withoutStopped ? _beatsWithoutStopped[batch] : _beats[batch];

    /// <summary>How many heartbeats a batch holds.</summary>
    public int BeatCount(int batch, bool withoutStopped) => Math.Min(BatchSize, Nodes - batch * BatchSize) - (withoutStopped ? _stoppedByBatch[batch].Length : 0);

    /// <summary>The stopped nodes in a batch, whose acknowledged beats are timed.</summary>
    public IReadOnlyList<int> StoppedIn(int batch) => _stoppedByBatch[batch];

    private static string Registration(int node) =>
        $"{{\"message_type\":\"REGISTRATION\",\"node_id\":\"{NodeId(node)}\",\"service_name\":\"{Services[node % Services.Length]}\",\"status\":\"UP\"," +
        $"\"host\":\"host-{node / 4:D6}\",\"version\":\"2.{node % 7}.0\",\"region\":\"eu-west-{1 + node % 3}\"}}";

    private static string Heartbeat(int node) => $"{{\"message_type\":\"HEARTBEAT\",\"node_id\":\"{NodeId(node)}\",\"status\":\"UP\"}}";

    private static byte[] Ndjson(IEnumerable<string> lines) => Encoding.UTF8.GetBytes(string.Join('\n', lines));
}
