using System.Threading.Channels;

namespace Sawmill.Grains.Tests.Support;

/// <summary>Waiting on signals with timeouts that say what was expected; never sleeping.</summary>
public static class Await
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static async Task<T> Next<T>(ChannelReader<T> reader, string expected)
    {
        try { return await reader.ReadAsync().AsTask().WaitAsync(Patience); }
        catch (TimeoutException) { throw new TimeoutException($"Expected {expected} within {Patience.TotalSeconds} s, but nothing came."); }
    }

    public static async Task Completes(Task task, string expected, TimeSpan? patience = null)
    {
        try { await task.WaitAsync(patience ?? Patience); }
        catch (TimeoutException) { throw new TimeoutException($"Expected {expected} within {(patience ?? Patience).TotalSeconds} s."); }
    }

    public static async Task<T> Completes<T>(Task<T> task, string expected)
    {
        await Completes((Task)task, expected);
        return await task;
    }

    /// <summary>Waits until a condition holds, re-checking whenever the thread pool has run other work.</summary>
    public static async Task Until(Func<bool> condition, string expected)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Expected {expected} within {Patience.TotalSeconds} s.");
            await Task.Yield();
        }
    }

    /// <summary>Waits until an asynchronous condition holds (a query answering what is expected), re-checking each time
    /// the previous check completed.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string expected, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? Patience);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Expected {expected} within {(patience ?? Patience).TotalSeconds} s.");
            await Task.Yield();
        }
    }
}
