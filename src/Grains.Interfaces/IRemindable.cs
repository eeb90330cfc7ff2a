namespace Sawmill.Grains.Interfaces;

/// <summary>A grain that receives durable reminders; they survive restarts and re-activate it.</summary>
public interface IRemindable : IGrain
{
    /// <summary>A reminder registered by this grain is due.</summary>
    ValueTask ReceiveReminderAsync(string reminderName, DateTimeOffset dueAt);
}
