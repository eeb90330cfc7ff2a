using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace Sawmill.SampleServices;

/// <summary>Stops this sample service when the silo that started it is gone (even killed with SIGKILL), so demo
/// processes never outlive their silo and hold on to its ports.</summary>
public sealed class ParentWatch(IOptions<DemoSettings> settings, IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.Value.ParentPid is not { } pid) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (IsGone(pid))
            {
                lifetime.StopApplication();
                return;
            }
        }
    }

    private static bool IsGone(int pid)
    {
        try
        {
            using var parent = Process.GetProcessById(pid);
            return parent.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}
