namespace Sawmill.Dashboard.Live;

/// <summary>The live tail's consumer of one all_logs partition (the key).</summary>
[Alias("Sawmill.ILiveTailGrain")]
public interface ILiveTailGrain : IGrainWithStringKey;
