using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Sawmill.Storage.Postgres.Tests.Support;

/// <summary>A real PostgreSQL for the tests: initdb into a temp directory, postgres on a free 127.0.0.1 port (as the
/// postgres OS user when the tests run as root: it refuses root), a fresh database per store, stopped and deleted on
/// dispose. A missing PostgreSQL fails the tests with what to install; it never skips them.</summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "sawmill-pg-" + Guid.NewGuid().ToString("N"));
    private string _bin = "";
    private int _port;
    private int _databases;

    private string DataDirectory => Path.Combine(_directory, "data");

    public async Task InitializeAsync()
    {
        _bin = FindBinaries();
        Directory.CreateDirectory(_directory);
        if (Environment.UserName == "root") await RunAsync("chown", "postgres:postgres", _directory);
        await RunAsync(Path.Combine(_bin, "initdb"), "-D", DataDirectory, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync");
        _port = FreePort();
        await StartAsync();
    }

    /// <summary>Starts the server again after <see cref="StopAsync"/>, on the same port with the same data.</summary>
    public async Task StartAsync()
    {
        await RunAsync(Path.Combine(_bin, "pg_ctl"), "start", "-W", "-D", DataDirectory, "-l", Path.Combine(_directory, "server.log"),
            "-o", $"-p {_port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        await WaitUntilAcceptingAsync();
    }

    /// <summary>Stops the server as an outage would (open connections are cut); <see cref="StartAsync"/> brings it back.</summary>
    public Task StopAsync() => RunAsync(Path.Combine(_bin, "pg_ctl"), "stop", "-D", DataDirectory, "-m", "fast", "-w");

    /// <summary>A connection string to a new, empty database.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"sawmill_{Interlocked.Increment(ref _databases)}";
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async Task DisposeAsync()
    {
        if (_port != 0) await RunAsync(Path.Combine(_bin, "pg_ctl"), "stop", "-D", DataDirectory, "-m", "immediate", "-w");
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    private string ConnectionString(string database, bool pooling = true) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1", Port = _port, Username = "postgres", Database = database, Pooling = pooling, Timeout = 5,
    }.ConnectionString;

    // The newest installed major version.
    private static string FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root).Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "postgres")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var major) ? major : 0).FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/postgres): the PostgreSQL store tests need a real server. "
            + "Install it with 'apt-get install postgresql' (./test.sh does)." + (Environment.GetEnvironmentVariable("CI") == "true" ? " CI=true: failing, not skipping." : ""));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // Polls with a short pause between attempts until the server answers, failing with its log after the timeout.
    private async Task WaitUntilAcceptingAsync()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString("postgres", pooling: false));
                await connection.OpenAsync();
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or SocketException && clock.Elapsed < StartTimeout)
            {
                await Task.Delay(50);
            }
            catch (Exception ex) when (ex is NpgsqlException or SocketException)
            {
                var log = Path.Combine(_directory, "server.log");
                throw new InvalidOperationException($"PostgreSQL did not accept connections on 127.0.0.1:{_port} within {StartTimeout.TotalSeconds} s. "
                    + $"Server log: {(File.Exists(log) ? File.ReadAllText(log) : "(none)")}", ex);
            }
        }
    }

    // Runs a PostgreSQL tool as the postgres OS user when we are root; fails with its output when it fails.
    private static async Task RunAsync(string program, params string[] arguments)
    {
        var asRoot = Environment.UserName == "root" && program != "chown";
        var start = new ProcessStartInfo(asRoot ? "runuser" : program) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (asRoot) foreach (var a in new[] { "-u", "postgres", "--", program }) start.ArgumentList.Add(a);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}");
    }
}
