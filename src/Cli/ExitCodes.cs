namespace Sawmill.Cli;

/// <summary>What <c>sawmill</c> exits with, for scripts.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>A search that matched nothing (like grep).</summary>
    public const int NothingFound = 1;

    /// <summary>Wrong arguments or options.</summary>
    public const int Usage = 2;

    /// <summary>401 or 403: no key, a wrong key, or a key without the scope.</summary>
    public const int NotAuthorized = 3;

    /// <summary>404: no such alert or key.</summary>
    public const int NotFound = 4;

    /// <summary>The silo cannot be reached, or answered 5xx.</summary>
    public const int Unavailable = 5;

    /// <summary>Ingest: some lines were refused (the rest were stored); or the silo refused the request (400).</summary>
    public const int Refused = 6;
}
