using Sawmill.Grains.Interfaces;
using static Sawmill.LogStore.Contract.StoreHarness;

namespace Sawmill.LogStore.Contract;

/// <summary>A small known data set for filter and full-text tests: one registration and ten entries a minute apart.</summary>
public static class SampleLogs
{
    public static readonly SawmillMessage[] All =
    [
        new Registration
        {
            LogId = "reg", NodeId = "n1", ServiceName = "PaymentService", Timestamp = T0,
            Properties = Properties("""{"host": "web-1", "version": "1.2.3"}"""),
        },
        Log("e1", 1, Severity.Debug, "cache warmed"),
        Log("e2", 2, Severity.Info, "payment accepted for order 42") with
        {
            Properties = Properties("""
                {"customer": "alice", "amount": 19.5, "region": "eu-west", "tags": ["vip", "beta"], "nested": {"city": "Zürich"}}
                """),
        },
        Log("e3", 3, Severity.Warn, "slow payment gateway", node: "n2") with { ResponseTimeMs = 850, ThresholdLimitMs = 500 },
        Log("e4", 4, Severity.Error, "payment failed", node: "n2") with
        {
            ErrorDetails = new ErrorDetails { ErrorCode = "E42", ErrorMessage = "card declined", Properties = Properties("""{"retryable": true}""") },
        },
        Log("e5", 5, Severity.Fatal, "database unreachable", "OrderService", "n3") with
        {
            ErrorDetails = new ErrorDetails { ErrorCode = "E500", ErrorMessage = "connection refused" },
        },
        Log("e6", 6, Severity.Info, "order created", "OrderService", "n3") with
        {
            Properties = Properties("""{"customer": "bob", "amount": 250, "status": 200}"""),
        },
        Log("e7", 7, Severity.Warn, "slow query", "OrderService", "n4") with { ResponseTimeMs = 1200, ThresholdLimitMs = 1000 },
        Log("e8", 8, Severity.Debug, "debug dump of order state", "OrderService", "n4"),
        Log("e9", 9, Severity.Info, "user logged in", "UserService", "n5") with
        {
            Properties = Properties("""{"customer": "alice", "amount": "12"}"""),
        },
        Log("e10", 10, Severity.Error, "Café login failed", "UserService", "n5") with
        {
            ErrorDetails = new ErrorDetails { ErrorCode = "E401", ErrorMessage = "bad password" },
        },
    ];

    public static IEnumerable<string> AllIds => All.Select(LogIdOf);
}
