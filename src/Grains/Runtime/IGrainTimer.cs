namespace Sawmill.Grains.Runtime;

/// <summary>A grain timer; disposing it stops it, and it stops by itself when the activation deactivates.</summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>Re-arms the timer (Timeout.InfiniteTimeSpan to pause it).</summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}
