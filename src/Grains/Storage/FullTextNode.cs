namespace Sawmill.Grains.Storage;

/// <summary>A parsed full-text query (see <see cref="FullTextParser"/>): what each store compiles to its own index's syntax.</summary>
public abstract record FullTextNode
{
    private FullTextNode()
    {
    }

    /// <summary>A word or a "phrase" (several words in order); with <paramref name="Prefix"/>, its last word is a prefix.</summary>
    public sealed record Term(string Text, bool Prefix) : FullTextNode;

    /// <summary>Entries not matching the operand.</summary>
    public sealed record Not(FullTextNode Operand) : FullTextNode;

    /// <summary>Entries matching every operand.</summary>
    public sealed record And(IReadOnlyList<FullTextNode> Operands) : FullTextNode;

    /// <summary>Entries matching any operand.</summary>
    public sealed record Or(IReadOnlyList<FullTextNode> Operands) : FullTextNode;
}
