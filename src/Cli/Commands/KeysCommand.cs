using System.CommandLine;
using System.Text.Json.Nodes;

namespace Sawmill.Cli.Commands;

/// <summary><c>sawmill keys create NAME --scope S... [--service S] [--rate N]</c>, <c>keys list</c>, <c>keys revoke ID</c>
/// (admin scope). The secret of a new key is printed once, alone on stdout, so <c>$(sawmill keys create ...)</c> captures it.</summary>
internal static class KeysCommand
{
    public static Command Create(CliRuntime runtime)
    {
        var command = new Command("keys", "API keys: create, list, revoke");

        var name = new Argument<string>("name") { Description = "What the key is for" };
        var scopes = new Option<string[]>("--scope") { Description = "ingest, read or admin (repeat for several)", Required = true, AllowMultipleArgumentsPerToken = true };
        scopes.AcceptOnlyFromAmong("ingest", "read", "admin");
        var service = new Option<string>("--service") { Description = "The only service_name the key may write as" };
        var rate = new Option<int?>("--rate") { Description = "Items per second the key may ingest" };
        var create = new Command("create", "Make a key; its secret is shown this once") { name, scopes, service, rate };
        runtime.SetAction(create, async (context, parse, cancellationToken) =>
        {
            var body = new JsonObject
            {
                ["name"] = parse.GetValue(name),
                ["scopes"] = new JsonArray([.. parse.GetValue(scopes)!.Select(s => JsonValue.Create(s))]),
                ["service"] = parse.GetValue(service),
                ["rate_per_second"] = parse.GetValue(rate),
            };
            var key = await context.Silo.PostAsync("api/v1/keys", body, cancellationToken);
            if (context.Json) context.WriteLine(key.ToJsonString());
            else
            {
                context.WriteLine(Cells.Of(key["key"]));
                await context.Error.WriteLineAsync($"key {Cells.Of(key["id"])} ({Cells.Of(key["name"])}): the secret above is not shown again.");
            }
            return ExitCodes.Ok;
        });

        var list = new Command("list", "Every key, revoked ones included, without secrets");
        runtime.SetAction(list, async (context, parse, cancellationToken) =>
        {
            var keys = (await context.Silo.GetAsync("api/v1/keys", cancellationToken))["keys"]?.AsArray() ?? [];
            if (context.Json) context.WriteLine(keys.ToJsonString());
            else context.Out.Write(Cells.Table(keys, "id", "name", "scopes", "service", "rate_per_second", "created_at", "revoked_at"));
            return ExitCodes.Ok;
        });

        var id = new Argument<string>("id") { Description = "The key's id" };
        var revoke = new Command("revoke", "Revoke a key") { id };
        runtime.SetAction(revoke, async (context, parse, cancellationToken) =>
        {
            await context.Silo.DeleteAsync($"api/v1/keys/{Uri.EscapeDataString(parse.GetValue(id)!)}", cancellationToken);
            await context.Error.WriteLineAsync($"revoked {parse.GetValue(id)}");
            return ExitCodes.Ok;
        });

        command.Add(create);
        command.Add(list);
        command.Add(revoke);
        return command;
    }
}
