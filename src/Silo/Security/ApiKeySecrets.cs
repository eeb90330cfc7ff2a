using System.Security.Cryptography;
using System.Text;

namespace Sawmill.Silo.Security;

/// <summary>Makes key secrets and ids, and the hash a secret is stored and looked up by. Secrets carry 256 random bits,
/// so a plain SHA-256 suffices (a password hash's slowness protects guessable secrets, which these are not).</summary>
public static class ApiKeySecrets
{
    /// <summary>What every secret starts with, so that a leaked one is recognisable (secret scanners, logs).</summary>
    public const string Prefix = "swm_";

    public static string NewSecret() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
