namespace Sawmill.Silo;

/// <summary>Where the embedded silo keeps its data and how its Orleans silo listens (section <c>Silo</c>).</summary>
public sealed class SiloOptions
{
    public const string SectionName = "Silo";

    /// <summary>The folder of the SQLite files (sawmill.db, streams.db), relative to the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>The port of Orleans' silo-to-silo endpoint on 127.0.0.1; 0 picks a free one (one silo needs no fixed port).</summary>
    public int OrleansPort { get; set; }

    /// <summary>Serve the Orleans Dashboard at /orleans. It profiles every grain call and polls the cluster every second:
    /// on a silo near its limits (100k nodes on 2 cores) turning it off saves about a fifth of a core and 80 MiB.</summary>
    public bool OrleansDashboard { get; set; } = true;

    /// <summary>The full path of the data folder.</summary>
    public string DataPath => Path.GetFullPath(DataDirectory);
}
