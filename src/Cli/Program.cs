using Sawmill.Cli;
using Spectre.Console;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
var interactive = !Console.IsErrorRedirected && !Console.IsOutputRedirected;
return await CliApp.RunAsync(args, AnsiConsole.Console, Console.Error, Environment.GetEnvironmentVariable, interactive, stop.Token);
