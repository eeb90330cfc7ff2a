namespace Sawmill.Grains.Interfaces;

/// <summary>The values of the <c>message_type</c> field.</summary>
public static class MessageTypes
{
    public const string Registration = "REGISTRATION";
    public const string Log = "LOG";
    public const string Heartbeat = "HEARTBEAT";
    public const string NodeFailure = "NODE_FAILURE";
    public const string NodeRecovered = "NODE_RECOVERED";
}
