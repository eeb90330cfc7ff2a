using Microsoft.Extensions.Logging;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Client.Tests;

public sealed class LogEntryFactoryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.FromHours(1));
    private readonly SawmillShipper _shipper = new(new SawmillClientOptions { ServiceName = "PaymentService", NodeId = "pay-1" });

    private LogEntry Capture(Action<ILogger> log)
    {
        using var provider = new SawmillLoggerProvider(_shipper, new FixedTime(Now));
        using var factory = LoggerFactory.Create(b =>
        {
            b.SetMinimumLevel(LogLevel.Trace);
            b.AddProvider(provider);
            b.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.None);
        });
        log(factory.CreateLogger("Payments.Checkout"));
        Assert.True(_shipper.Buffered.TryRead(out var entry), "the log call queued an entry");
        Assert.False(_shipper.Buffered.TryRead(out _), "exactly one entry");
        return entry;
    }

    [Theory]
    [InlineData(LogLevel.Trace, Severity.Debug)]
    [InlineData(LogLevel.Debug, Severity.Debug)]
    [InlineData(LogLevel.Information, Severity.Info)]
    [InlineData(LogLevel.Warning, Severity.Warn)]
    [InlineData(LogLevel.Error, Severity.Error)]
    [InlineData(LogLevel.Critical, Severity.Fatal)]
    public void Levels_map_to_the_spec_levels(LogLevel level, Severity expected) => Assert.Equal(expected, LogEntryFactory.Map(level));

    [Fact]
    public void Template_values_become_properties_and_well_known_names_fill_the_spec_fields()
    {
        var entry = Capture(l => l.LogWarning("Call to {Gateway} took {ResponseTimeMs} ms over {ThresholdLimitMs} for order {OrderId}", "cards", 850.5, 500, 1234));

        Assert.Equal(("pay-1", "PaymentService", Severity.Warn), (entry.NodeId, entry.ServiceName, entry.LogLevel));
        Assert.Equal("Call to cards took 850.5 ms over 500 for order 1234", entry.Message);
        Assert.Equal((850.5, 500.0), (entry.ResponseTimeMs, entry.ThresholdLimitMs));
        Assert.Equal("Call to {Gateway} took {ResponseTimeMs} ms over {ThresholdLimitMs} for order {OrderId}", entry.Properties!["message_template"].GetString());
        Assert.Equal("cards", entry.Properties["Gateway"].GetString());
        Assert.Equal(1234, entry.Properties["OrderId"].GetInt32());
        Assert.Equal("Payments.Checkout", entry.Properties["category"].GetString());
        Assert.False(entry.Properties.ContainsKey("ResponseTimeMs"), "a value that filled a SPEC field is not repeated as a property");
        Assert.Equal(32, entry.LogId.Length);
    }

    [Fact]
    public void Scopes_become_properties()
    {
        var entry = Capture(l =>
        {
            using (l.BeginScope(new Dictionary<string, object?> { ["TraceId"] = "t-1", ["Tenant"] = 7 }))
            using (l.BeginScope("checkout {Step}", "pay"))
            using (l.BeginScope("plain text scope"))
            {
                l.LogInformation("Paid");
            }
        });

        Assert.Equal("t-1", entry.Properties!["TraceId"].GetString());
        Assert.Equal(7, entry.Properties["Tenant"].GetInt32());
        Assert.Equal("pay", entry.Properties["Step"].GetString());
        Assert.Equal("plain text scope", entry.Properties["scope"][0].GetString());
    }

    [Fact]
    public void Exceptions_become_error_details()
    {
        var failure = new InvalidOperationException("card declined");
        var entry = Capture(l => l.LogError(failure, "Payment failed for {OrderId}", 42));

        Assert.Equal(Severity.Error, entry.LogLevel);
        Assert.Equal(("InvalidOperationException", "card declined"), (entry.ErrorDetails!.ErrorCode, entry.ErrorDetails.ErrorMessage));
        Assert.Equal("System.InvalidOperationException", entry.ErrorDetails.Properties!["exception_type"].GetString());
        Assert.Contains("card declined", entry.ErrorDetails.Properties["stack_trace"].GetString());

        var coded = Capture(l => l.LogError(failure, "Payment failed with {ErrorCode}", "E42"));
        Assert.Equal("E42", coded.ErrorDetails!.ErrorCode);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
