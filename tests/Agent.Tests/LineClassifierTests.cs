using Sawmill.Grains.Interfaces;

namespace Sawmill.Agent.Tests;

public sealed class LineClassifierTests
{
    [Theory]
    [InlineData("plain output", false, Severity.Info, "plain output")]
    [InlineData("plain complaint", true, Severity.Error, "plain complaint")]
    [InlineData("WARN disk almost full", false, Severity.Warn, "disk almost full")]
    [InlineData("[ERROR] connection refused", false, Severity.Error, "connection refused")]
    [InlineData("warning: deprecated flag", true, Severity.Warn, "deprecated flag")]
    [InlineData("info: Microsoft.Hosting.Lifetime[0]", true, Severity.Info, "Microsoft.Hosting.Lifetime[0]")]
    [InlineData("fail: Payments[1] boom", false, Severity.Error, "Payments[1] boom")]
    [InlineData("crit: out of memory", false, Severity.Fatal, "out of memory")]
    [InlineData("DEBUG: cache warm", false, Severity.Debug, "cache warm")]
    [InlineData("Information about nothing", false, Severity.Info, "Information about nothing")]
    [InlineData("Errors are counted later", true, Severity.Error, "Errors are counted later")]
    [InlineData("W/ActivityManager: slow", false, Severity.Warn, "ActivityManager: slow")]
    public void Prefixes_set_the_level_and_streams_set_the_default(string line, bool stderr, Severity level, string message)
    {
        var (actualLevel, actualMessage, _) = LineClassifier.Classify(line, stderr);
        Assert.Equal((level, message), (actualLevel, actualMessage));
    }

    [Fact]
    public void Json_lines_carry_their_own_level_message_and_fields()
    {
        var (level, message, properties) = LineClassifier.Classify("""{"level":"warning","msg":"slow call","duration_ms":900}""", fromStderr: true);
        Assert.Equal((Severity.Warn, "slow call"), (level, message));
        Assert.Equal(900, properties!["duration_ms"].GetInt32());

        Assert.Equal(Severity.Info, LineClassifier.Classify("""{"msg":"no level"}""", fromStderr: true).Level);
        Assert.Equal(Severity.Info, LineClassifier.Classify("{not json", fromStderr: false).Level);
    }

    [Theory]
    [InlineData(new[] { "--service", "S", "--", "echo", "hi" }, null)]
    [InlineData(new[] { "--service", "S", "--file", "/tmp/x.log" }, null)]
    [InlineData(new[] { "--", "echo" }, "--service is required")]
    [InlineData(new[] { "--service", "S" }, "give either -- COMMAND or --file PATH")]
    [InlineData(new[] { "--service", "S", "--file", "f", "--", "echo" }, "give either -- COMMAND or --file PATH")]
    [InlineData(new[] { "--service", "S", "--bogus", "--", "echo" }, "unknown or incomplete argument '--bogus'")]
    public void Arguments_are_checked(string[] args, string? error)
    {
        var (options, actual) = AgentOptions.Parse(args);
        Assert.Equal(error, actual);
        Assert.Equal(error is null, options is not null);
    }
}
