namespace Sawmill.EndToEnd.Support;

/// <summary>For black-box tests against a child process, which offers no in-process signal to await: re-checks a
/// condition through the public API until it holds, failing with what was expected when the deadline passes.</summary>
public static class Eventually
{
    public static async Task<T> HoldsAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan within, string expected)
    {
        var deadline = DateTime.UtcNow + within;
        T last;
        while (!condition(last = await probe()))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Expected {expected} within {within.TotalSeconds} s; last seen: {last}");
            await Task.Delay(200);
        }
        return last;
    }
}
