using System.CommandLine;

namespace Sawmill.Cli.Commands;

/// <summary><c>sawmill alerts [--status S]</c> lists alerts; <c>sawmill alerts ack ID</c> acknowledges one (admin scope).</summary>
internal static class AlertsCommand
{
    public static Command Create(CliRuntime runtime)
    {
        var status = new Option<string>("--status") { Description = "open, acknowledged, resolved or all", DefaultValueFactory = _ => "all" };
        status.AcceptOnlyFromAmong("open", "acknowledged", "resolved", "all");
        var command = new Command("alerts", "The alerts, most recently seen first") { status };
        runtime.SetAction(command, async (context, parse, cancellationToken) =>
        {
            var alerts = (await context.Silo.GetAsync($"api/v1/alerts?status={parse.GetValue(status)}&limit=200", cancellationToken)).AsArray();
            if (context.Json) context.WriteLine(alerts.ToJsonString());
            else context.Out.Write(Cells.Table(alerts, "alert_id", "severity", "status", "title", "count", "last_seen"));
            return ExitCodes.Ok;
        });

        var id = new Argument<string>("id") { Description = "The alert's alert_id" };
        var ack = new Command("ack", "Acknowledge an open alert") { id };
        runtime.SetAction(ack, async (context, parse, cancellationToken) =>
        {
            var alertId = parse.GetValue(id)!;
            var by = Environment.UserName is { Length: > 0 } user ? $"{user} (cli)" : "cli";
            var alert = await context.Silo.PostAsync($"api/v1/alerts/{Uri.EscapeDataString(alertId)}/ack?by={Uri.EscapeDataString(by)}", null, cancellationToken);
            if (context.Json) context.WriteLine(alert.ToJsonString());
            else context.WriteLine($"{alertId}: {Cells.Of(alert["status"])} by {Cells.Of(alert["acknowledged_by"])}");
            return ExitCodes.Ok;
        });
        command.Add(ack);
        return command;
    }
}
