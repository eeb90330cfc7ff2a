using Microsoft.AspNetCore.Components;

namespace Sawmill.Dashboard.Components;

/// <summary>A page part that refreshes itself on a timer of the injected clock: each tick runs on the circuit's
/// dispatcher and re-renders only when it says something changed, which also throttles pushes to the browser.</summary>
public abstract class LiveComponent : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    [Inject] protected TimeProvider Time { get; set; } = null!;

    protected CancellationToken Stopping => _stopping.Token;

    /// <summary>Runs <paramref name="tick"/> every <paramref name="period"/> until the component is disposed;
    /// renders when it returns true.</summary>
    protected void Every(TimeSpan period, Func<Task<bool>> tick) => _ = RunAsync(period, tick);

    protected void Every(TimeSpan period, Func<bool> tick) => Every(period, () => Task.FromResult(tick()));

    private async Task RunAsync(TimeSpan period, Func<Task<bool>> tick)
    {
        using var timer = new PeriodicTimer(period, Time);
        try
        {
            while (await timer.WaitForNextTickAsync(Stopping))
            {
                await InvokeAsync(async () =>
                {
                    if (!Stopping.IsCancellationRequested && await tick()) StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException) when (Stopping.IsCancellationRequested)
        {
            // disposed: the page was left or the circuit closed
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    public virtual void Dispose()
    {
        _stopping.Cancel();
        GC.SuppressFinalize(this);
    }
}
