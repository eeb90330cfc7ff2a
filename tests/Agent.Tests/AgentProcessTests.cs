using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Sawmill.Client;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Nodes;
using Sawmill.Grains.Tests.Support;
using Sawmill.Silo.Tests.Support;

namespace Sawmill.Agent.Tests;

/// <summary>The agent as users run it: a real process wrapping a real child, against a real silo.</summary>
public sealed class AgentProcessTests
{
    [Fact]
    public async Task Lines_arrive_with_their_levels_and_the_node_goes_down_with_the_exit_code()
    {
        await using var silo = await TestSilo.StartAsync();
        var script = """
            echo "starting up"
            echo "WARN cache is cold"
            echo "something broke" >&2
            echo '{"level":"error","message":"json failure","order_id":7}'
            exit 3
            """;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { AgentAssembly(), "--service", "BatchJob", "--node", "job-1", "--endpoint", silo.Client.BaseAddress!.ToString(), "--", "bash", "-c", script })
        {
            start.ArgumentList.Add(argument);
        }
        using var agent = Process.Start(start)!;
        var echoed = await agent.StandardOutput.ReadToEndAsync();
        await agent.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(3, agent.ExitCode);
        Assert.Contains("WARN cache is cold", echoed);
        await silo.DeliveredAsync();
        var entries = (await silo.Client.GetNode("/api/v1/logs?node=job-1&message_type=LOG"))["items"]!.AsArray()
            .ToDictionary(e => (string)e!["message"]!, e => (string)e!["log_level"]!);
        Assert.Equal(new Dictionary<string, string>
        {
            ["starting up"] = "INFO",
            ["cache is cold"] = "WARN",
            ["something broke"] = "ERROR",
            ["json failure"] = "ERROR",
            ["Process exited with code 3"] = "ERROR",
        }, entries);
        var registry = silo.Services.GetRequiredService<NodeRegistry>();
        await Await.Until(() => registry.TryGet("job-1", out var node) && node.Status == NodeStatus.Down, "job-1 to be DOWN after the exit");
        var details = await silo.Client.GetNode("/api/v1/nodes/job-1");
        Assert.Equal("graceful shutdown (DOWN heartbeat), exit code 3", (string?)details["history"]![0]!["reason"]);
    }

    [Fact]
    public async Task A_tailed_file_is_followed_across_rotation()
    {
        await using var silo = await TestSilo.StartAsync();
        var folder = Directory.CreateTempSubdirectory("sawmill-tail").FullName;
        var file = Path.Combine(folder, "app.log");
        await using var shipper = new SawmillShipper(new SawmillClientOptions { Endpoint = silo.Client.BaseAddress!, ServiceName = "Tailed", NodeId = "tail-1", FlushInterval = TimeSpan.FromMilliseconds(20) });
        await shipper.StartAsync();
        using var stop = new CancellationTokenSource();
        var tailer = new FileTailer(file, new LineShipper(shipper, file), TimeProvider.System, TimeSpan.FromMilliseconds(20)).RunAsync(stop.Token);

        await File.AppendAllTextAsync(file, "line 1\nERROR line 2\n");
        await Await.Until(() => shipper.Sent == 2, "the first two lines");
        await File.AppendAllTextAsync(file, "line 3 before rotation\n");
        File.Move(file, file + ".1");
        await File.AppendAllTextAsync(file, "line 4 in the new file\npartial");
        await Await.Until(() => shipper.Sent == 4, "the line written before rotation and the first line of the new file");
        await stop.CancelAsync();
        await tailer;
        await silo.DeliveredAsync();

        var messages = (await silo.Client.GetNode("/api/v1/logs?node=tail-1&message_type=LOG"))["items"]!.AsArray().Select(e => (string)e!["message"]!).Order();
        Assert.Equal(["line 1", "line 2", "line 3 before rotation", "line 4 in the new file"], messages);
        Directory.Delete(folder, recursive: true);
    }

    private static string AgentAssembly()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Sawmill.Agent.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("The agent is built next to the tests.", path);
    }
}
