using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Sawmill.Silo.Demo;

/// <summary>Starts the sample services and the traffic generator as child processes once the silo listens, restarts any
/// that exits after <see cref="DemoOptions.RestartDelay"/>, and stops them with the silo.</summary>
internal sealed class DemoLauncher(IOptions<DemoOptions> options, IOptions<SiloOptions> silo, IServer server, IHostApplicationLifetime lifetime, ILogger<DemoLauncher> logger) : BackgroundService
{
    private readonly DemoOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled) return;
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult())) await started.Task.WaitAsync(stoppingToken);

        var assembly = _options.ServicesAssembly ?? Path.Combine(AppContext.BaseDirectory, "Sawmill.SampleServices.dll");
        if (!File.Exists(assembly))
        {
            logger.LogWarning("Demo disabled: {Assembly} not found", assembly);
            return;
        }
        var endpoint = SiloEndpoint();
        var ports = Enumerable.Range(0, 3).Select(i => _options.BasePort == 0 ? Silo.FreePort.Pick() : _options.BasePort + i).ToArray();
        var urls = ports.Select(p => $"http://127.0.0.1:{p}").ToArray();
        var workingDirectory = Directory.CreateDirectory(Path.Combine(silo.Value.DataPath, "demo")).FullName;
        string[] peers = [$"--Demo:OrderUrl={urls[0]}", $"--Demo:PaymentUrl={urls[1]}", $"--Demo:InventoryUrl={urls[2]}",
            $"--Demo:OrdersPerSecond={_options.OrdersPerSecond.ToString(CultureInfo.InvariantCulture)}",
            $"--Demo:FatalRate={_options.FatalRate.ToString(CultureInfo.InvariantCulture)}", $"--Sawmill:Endpoint={endpoint}", $"--Demo:ParentPid={Environment.ProcessId}"];
        (string Role, string Node, string? Url)[] services = [("inventory", "inventory-1", urls[2]), ("payment", "payment-1", urls[1]), ("order", "order-1", urls[0]), ("traffic", "traffic-1", null)];
        logger.LogInformation("Demo: OrderService {Order}, PaymentService {Payment}, InventoryService {Inventory} (each with /docs); traffic {Rate} orders/s. Start the silo with --no-demo to skip.",
            urls[0], urls[1], urls[2], _options.OrdersPerSecond);
        await Task.WhenAll(services.Select(s => SuperviseAsync(assembly, s.Role, s.Node, s.Url, peers, workingDirectory, stoppingToken)));
    }

    private async Task SuperviseAsync(string assembly, string role, string node, string? url, string[] peers, string workingDirectory, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { assembly, $"--Demo:Service={role}", $"--Sawmill:NodeId={node}", $"--urls={url ?? "http://127.0.0.1:0"}" }.Concat(peers))
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start)!;
            // Their logs go to Sawmill; the console output is drained so the pipes never fill.
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                await process.WaitForExitAsync(stoppingToken);
                logger.LogWarning("Demo service {Node} (pid {Pid}) exited with {ExitCode}; starting it again in {Delay}", node, process.Id, process.ExitCode, _options.RestartDelay);
                await Task.Delay(_options.RestartDelay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                return;
            }
        }
    }

    private string SiloEndpoint()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal)) ?? "http://localhost:5080";
        return address.Replace("://0.0.0.0", "://127.0.0.1").Replace("://[::]", "://127.0.0.1").Replace("://+", "://127.0.0.1").Replace("://*", "://127.0.0.1");
    }
}
