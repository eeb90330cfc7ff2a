namespace Sawmill.Grains;

/// <summary>The names under which the hosts register the grains' Orleans providers (SQLite embedded, Redis scale-out).</summary>
public static class StorageNames
{
    /// <summary>The grain storage of node grains.</summary>
    public const string GrainState = "sawmill";
}
