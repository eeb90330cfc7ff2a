namespace Sawmill.Grains.Storage;

/// <summary>A search query the store cannot run: the message says what is wrong, for a 400 answer.</summary>
public sealed class QuerySyntaxException(string parameter, string message) : Exception(message)
{
    /// <summary>The query parameter at fault (q, cursor, a property name ...).</summary>
    public string Parameter { get; } = parameter;
}
