using System.Text.Json.Serialization;

namespace Sawmill.Grains.Interfaces;

/// <summary>What happened to an alert: the body of webhooks and of the dashboard's live feed.</summary>
[GenerateSerializer, Immutable, Alias("Sawmill.AlertNotification")]
public sealed record AlertNotification(AlertChange Change, Alert Alert);
