using System.Diagnostics;

namespace Sawmill.Silo.Tests;

/// <summary>compose.yaml, checked by docker-compose itself (there is no container engine here to run it).</summary>
public sealed class ComposeFileTests
{
    private static string Root()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "compose.yaml"))) return directory.FullName;
        }
        throw new FileNotFoundException("compose.yaml is not in any folder above the test's bin.");
    }

    [Fact]
    public async Task Compose_file_validates_and_wires_every_service_of_the_scale_out_deployment()
    {
        var executable = new[] { "/usr/bin/docker-compose", "/usr/local/bin/docker-compose" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("docker-compose is not installed (apt-get install docker-compose; ./test.sh does it).");
        using var process = Process.Start(new ProcessStartInfo(executable, ["-f", Path.Combine(Root(), "compose.yaml"), "config"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, $"docker-compose config failed: {await errors}");
        var config = await output;
        foreach (var service in new[] { "kafka", "redis", "postgres", "elasticsearch", "kibana", "silo1", "silo2", "silo3", "dashboard", "orders", "payments", "inventory", "traffic" })
            Assert.Contains($"\n  {service}:\n", config, StringComparison.Ordinal);
        foreach (var silo in new[] { "silo1", "silo2", "silo3" })
            Assert.Contains($"Cluster__AdvertisedAddress: {silo}", config, StringComparison.Ordinal);
        Assert.Contains("Kafka__BootstrapServers: kafka:9092", config, StringComparison.Ordinal);
        Assert.Contains("Security__RequireApiKeys: \"true\"", config, StringComparison.Ordinal);
        Assert.Contains("Silo__ApiKey: compose-demo-admin-key-change-me", config, StringComparison.Ordinal);
        Assert.Contains("KAFKA_PROCESS_ROLES: broker,controller", config, StringComparison.Ordinal);
        Assert.Contains("condition: service_healthy", config, StringComparison.Ordinal);
    }
}
