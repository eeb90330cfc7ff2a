using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Sawmill.Grains.Interfaces;

/// <summary>The JSON conventions of every Sawmill surface (HTTP API, SignalR hub, webhooks): the wire contract's.</summary>
public static class SawmillJson
{
    /// <summary>The options the HTTP API and the hub use (web defaults plus <see cref="Configure"/>), for their clients.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>snake_case like SPEC.md, nulls left out, wire records through their source-generated metadata.</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.AllowOutOfOrderMetadataProperties = true;
        // Types outside the context (API answers, hub arguments) fall back to reflection.
        if (options.TypeInfoResolverChain.Count == 0) options.TypeInfoResolverChain.Add(new DefaultJsonTypeInfoResolver());
        options.TypeInfoResolverChain.Insert(0, SawmillJsonContext.Default);
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        options.MakeReadOnly();
        return options;
    }
}
