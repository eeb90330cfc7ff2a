namespace Sawmill.Silo.Tests.Support;

/// <summary>The settings of a silo with security on: keys required, the configured admin key and admin password.</summary>
public static class SecuredSilo
{
    public const string AdminKey = "test-admin-key-0123456789";
    public const string AdminPassword = "correct-horse-battery";

    public static Dictionary<string, string?> Settings(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Security:RequireApiKeys"] = "true", ["Security:AdminKey"] = AdminKey, ["Security:AdminPassword"] = AdminPassword,
        };
        foreach (var (key, value) in more) settings[key] = value;
        return settings;
    }
}
