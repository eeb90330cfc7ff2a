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

    /// <summary>Why the silo could not be read on the last try (a standalone dashboard whose silo is away), or null.</summary>
    protected string? Unreachable { get; private set; }

    /// <summary>Runs a read of the silo. If the silo cannot be reached, what is shown stays, <see cref="Unreachable"/> says
    /// why, and the next read tries again; returns whether to render.</summary>
    protected async Task<bool> ReadAsync(Func<Task<bool>> read)
    {
        try
        {
            var changed = await read();
            if (Unreachable is null) return changed;
            Unreachable = null;
            return true;
        }
        catch (HttpRequestException ex)
        {
            Unreachable = $"The silo cannot be reached ({ex.Message}); showing what was last read, retrying.";
            return true;
        }
    }

    private async Task RunAsync(TimeSpan period, Func<Task<bool>> tick)
    {
        using var timer = new PeriodicTimer(period, Time);
        try
        {
            while (await timer.WaitForNextTickAsync(Stopping))
            {
                await InvokeAsync(async () =>
                {
                    if (!Stopping.IsCancellationRequested && await ReadAsync(tick)) StateHasChanged();
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
