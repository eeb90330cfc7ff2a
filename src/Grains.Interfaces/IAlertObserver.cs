using Orleans.Concurrency;

namespace Sawmill.Grains.Interfaces;

/// <summary>A silo's subscription to the alert grain's notifications, wherever that grain lives in the cluster.</summary>
[Alias("Sawmill.IAlertObserver")]
public interface IAlertObserver : IGrainObserver
{
    /// <summary>Notifications of one batch, in order. One-way: a slow or dead silo never holds up alerting.</summary>
    [OneWay, Alias("OnAlerts")]
    Task OnAlertsAsync(AlertNotification[] notifications);
}
