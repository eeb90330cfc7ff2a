namespace Sawmill.Silo.Ingestion;

/// <summary>How a request body holds its items.</summary>
public enum BodyFormat
{
    /// <summary>One object, an array of objects, or several objects one after another.</summary>
    Json,

    /// <summary>One object per line; a bad line is reported alone.</summary>
    NdJson,
}
