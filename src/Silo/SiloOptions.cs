namespace Sawmill.Silo;

/// <summary>Where the embedded silo keeps its data (section <c>Silo</c>).</summary>
public sealed class SiloOptions
{
    public const string SectionName = "Silo";

    /// <summary>The folder of the SQLite file (logs, grain state, reminders), relative to the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>The full path of the SQLite file.</summary>
    public string DatabasePath => Path.GetFullPath(Path.Combine(DataDirectory, "sawmill.db"));
}
