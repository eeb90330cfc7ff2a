using Microsoft.Extensions.Options;

namespace Sawmill.Storage.Postgres.Logs;

/// <summary>Where the scale-out log store lives and how it partitions and ages its entries (section <c>Storage:Postgres</c>).</summary>
public sealed class PostgresStoreOptions
{
    public const string SectionName = "Storage:Postgres";

    /// <summary>The Npgsql connection string of the database holding the log tables.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The time each partition covers: whole minutes from 1 min to 1 day that divide a day. A database keeps the
    /// span its first partition was made with, so changing this applies to new databases.</summary>
    public TimeSpan PartitionSpan { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Entries older than this are dropped, a whole partition at a time, oldest first.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The most bytes the partitions may take (null: no limit); the oldest go first, never the newest.</summary>
    public long? MaxSize { get; set; }

    /// <summary>How often the retention job looks at the partitions.</summary>
    public TimeSpan RetentionCheckPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many matches a search total counts before it answers "at least" (only totals the rollups cannot
    /// give, those with full text or field filters, cost this).</summary>
    public long CountLimit { get; set; } = 20_000;

    /// <summary>Appends waiting for the writer before callers wait too.</summary>
    public int QueueCapacity { get; set; } = 1024;

    /// <summary>Why the options cannot be used, or null.</summary>
    public string? Validate()
    {
        var span = PartitionSpan;
        if (string.IsNullOrWhiteSpace(ConnectionString))
            return $"{SectionName}:ConnectionString is required.";
        if (span < TimeSpan.FromMinutes(1) || span > TimeSpan.FromDays(1) || span.Ticks % TimeSpan.TicksPerMinute != 0 || 1440 % (long)span.TotalMinutes != 0)
            return $"{SectionName}:PartitionSpan must be whole minutes from 1 min to 1 day that divide a day (such as 01:00:00); it is {span}.";
        if (Retention <= TimeSpan.Zero)
            return $"{SectionName}:Retention must be positive; it is {Retention}.";
        if (CountLimit < 1)
            return $"{SectionName}:CountLimit must be at least 1; it is {CountLimit}.";
        if (MaxSize is <= 0)
            return $"{SectionName}:MaxSize must be a positive number of bytes; it is {MaxSize}.";
        if (QueueCapacity < 1)
            return $"{SectionName}:QueueCapacity must be at least 1; it is {QueueCapacity}.";
        return RetentionCheckPeriod <= TimeSpan.Zero ? $"{SectionName}:RetentionCheckPeriod must be positive; it is {RetentionCheckPeriod}." : null;
    }
}

/// <summary>Refuses unusable <see cref="PostgresStoreOptions"/> at start, saying which setting and why.</summary>
internal sealed class PostgresStoreOptionsValidator : IValidateOptions<PostgresStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgresStoreOptions options) =>
        options.Validate() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
