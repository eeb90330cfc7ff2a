namespace Sawmill.Cli.Tests;

/// <summary>Where the URL and the key come from: a flag, else the environment, else the config file, else the default.</summary>
public sealed class CliSettingsTests : IDisposable
{
    private readonly string _config = Path.Combine(Path.GetTempPath(), $"sawmill-cli-{Guid.NewGuid():N}.json");

    [Fact]
    public void A_flag_beats_the_environment_which_beats_the_config_file()
    {
        File.WriteAllText(_config, """{"url": "http://from-file:5080", "api_key": "file-key"}""");
        var environment = new Dictionary<string, string?> { ["SAWMILL_CONFIG"] = _config };

        Assert.Equal(new CliSettings(new Uri("http://from-file:5080"), "file-key"), CliSettings.Resolve(null, null, environment.GetValueOrDefault));
        environment["SAWMILL_URL"] = "http://from-env:5080";
        environment["SAWMILL_API_KEY"] = "env-key";
        Assert.Equal(new CliSettings(new Uri("http://from-env:5080"), "env-key"), CliSettings.Resolve(null, null, environment.GetValueOrDefault));
        Assert.Equal(new CliSettings(new Uri("http://flag:5080"), "flag-key"), CliSettings.Resolve("http://flag:5080", "flag-key", environment.GetValueOrDefault));
    }

    [Fact]
    public void Without_anything_it_is_the_local_silo_and_no_key_and_a_bad_url_is_a_usage_error()
    {
        var nothing = new Dictionary<string, string?> { ["SAWMILL_CONFIG"] = _config };
        Assert.Equal(new CliSettings(new Uri(CliSettings.DefaultUrl), null), CliSettings.Resolve(null, null, nothing.GetValueOrDefault));
        var bad = Assert.Throws<CliException>(() => CliSettings.Resolve("ftp://nope", null, nothing.GetValueOrDefault));
        Assert.Equal(ExitCodes.Usage, bad.ExitCode);
        File.WriteAllText(_config, "not json");
        Assert.Equal(ExitCodes.Usage, Assert.Throws<CliException>(() => CliSettings.Resolve(null, null, nothing.GetValueOrDefault)).ExitCode);
    }

    public void Dispose() => File.Delete(_config);
}
