namespace Sawmill.SampleServices;

/// <summary>Random but realistic outcomes of a call: normal, slow (over its threshold), failed or fatal.</summary>
public sealed class Behaviour(DemoSettings settings)
{
    public enum Outcome { Normal, Slow, Failed, Fatal }

    public Outcome Next()
    {
        var roll = Random.Shared.NextDouble();
        if (roll < settings.FatalRate) return Outcome.Fatal;
        if (roll < settings.FatalRate + settings.ErrorRate) return Outcome.Failed;
        return roll < settings.FatalRate + settings.ErrorRate + settings.SlowRate ? Outcome.Slow : Outcome.Normal;
    }

    /// <summary>A response time for the outcome: a few ms normally, over the threshold when slow.</summary>
    public static int ResponseTimeMs(Outcome outcome, int thresholdMs)
        => outcome == Outcome.Slow ? thresholdMs + Random.Shared.Next(50, 2 * thresholdMs) : Random.Shared.Next(3, thresholdMs / 3);
}
