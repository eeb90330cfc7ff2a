using Microsoft.Extensions.Options;

namespace Sawmill.Storage.Sqlite.Logs;

/// <summary>How the embedded log store partitions and ages its entries (section <c>Storage</c>).</summary>
public sealed class LogStoreOptions
{
    public const string SectionName = "Storage";

    /// <summary>The time each partition file covers: 1 s to 1 h, dividing an hour. A data folder keeps the span it was
    /// created with (its files' names say it), so changing this applies to new folders.</summary>
    public TimeSpan PartitionSpan { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Entries older than this are dropped, a whole partition at a time, oldest first.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The most bytes the partitions may take on disk (null: no limit); the oldest go first, never the newest.</summary>
    public long? MaxSize { get; set; }

    /// <summary>How often the retention job looks at the partitions.</summary>
    public TimeSpan RetentionCheckPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many candidates a search's total may examine before it answers "at least" (only totals the
    /// rollups cannot give, those with full text or field filters, cost this).</summary>
    public long CountLimit { get; set; } = 20_000;

    /// <summary>Why the options cannot be used, or null.</summary>
    public string? Validate()
    {
        var span = PartitionSpan;
        if (span < TimeSpan.FromSeconds(1) || span > TimeSpan.FromHours(1) || span.Ticks % TimeSpan.TicksPerSecond != 0 || 3600 % (long)span.TotalSeconds != 0)
            return $"Storage:PartitionSpan must be whole seconds from 1 s to 1 h that divide an hour (such as 00:05:00); it is {span}.";
        if (Retention <= TimeSpan.Zero)
            return $"Storage:Retention must be positive; it is {Retention}.";
        if (CountLimit < 1)
            return $"Storage:CountLimit must be at least 1; it is {CountLimit}.";
        if (MaxSize is <= 0)
            return $"Storage:MaxSize must be a positive number of bytes; it is {MaxSize}.";
        return RetentionCheckPeriod <= TimeSpan.Zero ? $"Storage:RetentionCheckPeriod must be positive; it is {RetentionCheckPeriod}." : null;
    }
}

/// <summary>Refuses unusable <see cref="LogStoreOptions"/> at start, saying which setting and why.</summary>
internal sealed class LogStoreOptionsValidator : IValidateOptions<LogStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, LogStoreOptions options) =>
        options.Validate() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
