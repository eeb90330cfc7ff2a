using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Sawmill.Grains.Tests.Support;
using Sawmill.Silo.Protocols.Syslog;
using Sawmill.Silo.Tests.Support;

namespace Sawmill.Silo.Tests.Protocols;

/// <summary>Syslog over UDP and TCP, sent by util-linux's logger and forwarded by a real rsyslog.</summary>
public sealed class SyslogTests : IAsyncLifetime
{
    private TestSilo _silo = null!;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "sawmill-syslog-" + Guid.NewGuid().ToString("N"));

    private SyslogListener Listener => _silo.Services.GetRequiredService<SyslogListener>();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _silo = await TestSilo.StartAsync();
    }

    [Theory]
    [InlineData("udp-5424", "--udp", "--rfc5424")]
    [InlineData("tcp-lines", "--tcp", "--rfc5424")]
    [InlineData("tcp-octets", "--tcp", "--octet-count")]
    [InlineData("udp-3164", "--udp", "--rfc3164")]
    public async Task logger_ships_over_each_transport_and_framing(string app, string transport, string format)
    {
        await Run("logger", "--server", "127.0.0.1", "--port", Listener.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            transport, format, "--tag", app, "--id=4242", "-p", "local0.err", $"card declined via {app}");

        var entry = await OneAsync($"service={app}", $"the {app} message searchable");
        Assert.Equal(($"card declined via {app}", "ERROR", Dns.GetHostName()), ((string?)entry["message"], (string?)entry["log_level"], (string?)entry["node_id"]));
        Assert.Equal(("local0", "4242"), ((string?)entry["facility"], (string?)entry["procid"]));
    }

    [Fact]
    public async Task RFC_5424_structured_data_and_msgid_become_properties()
    {
        await Run("logger", "--server", "127.0.0.1", "--port", Listener.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--tcp", "--rfc5424",
            "--tag", "sd-app", "--msgid", "PAY42", "--sd-id", "order@32473", "--sd-param", "id=\"o-7\"", "--sd-param", "amount=\"12.50\"", "-p", "user.warning", "slow payment");

        var entry = await OneAsync("service=sd-app", "the structured message searchable");
        Assert.Equal(("WARN", "PAY42", "o-7"), ((string?)entry["log_level"], (string?)entry["msgid"], (string?)entry["structured_data"]!["order@32473"]!["id"]));
    }

    [Fact]
    public async Task rsyslog_forwards_with_omfwd_over_octet_counted_TCP()
    {
        var input = FreePort.Pick();
        var config = Path.Combine(_directory, "rsyslog.conf");
        File.WriteAllText(config, $"""
            global(workDirectory="{_directory}")
            module(load="imtcp")
            input(type="imtcp" address="127.0.0.1" port="{input}")
            action(type="omfwd" target="127.0.0.1" port="{Listener.Port}" protocol="tcp" TCP_Framing="octet-counted" template="RSYSLOG_SyslogProtocol23Format")
            """);
        using var rsyslog = Process.Start(new ProcessStartInfo("/usr/sbin/rsyslogd", ["-n", "-f", config, "-i", Path.Combine(_directory, "rsyslogd.pid")])
            { RedirectStandardError = true, RedirectStandardOutput = true })!;
        try
        {
            await UntilAcceptingAsync(input, rsyslog);
            await Run("logger", "--server", "127.0.0.1", "--port", input.ToString(System.Globalization.CultureInfo.InvariantCulture), "--tcp", "--rfc3164",
                "--tag", "relayed", "-p", "daemon.crit", "disk on fire");

            var entry = await OneAsync("service=relayed", "the message rsyslog forwarded searchable");
            Assert.Equal(("disk on fire", "FATAL", "daemon"), ((string?)entry["message"], (string?)entry["log_level"], (string?)entry["facility"]));
        }
        finally
        {
            rsyslog.Kill();
            await rsyslog.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Garbage_and_oversized_frames_are_counted_and_dropped_and_the_next_message_is_stored()
    {
        var port = Listener.Port;
        using (var udp = new UdpClient())
        {
            await udp.SendAsync("not syslog at all"u8.ToArray(), new IPEndPoint(IPAddress.Loopback, port));
        }
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(IPAddress.Loopback, port);
            var stream = tcp.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("<999>1 - - - - - - bad priority\n"));
            await stream.WriteAsync(Encoding.ASCII.GetBytes(new string('x', 70 * 1024) + "\n"));
            await stream.WriteAsync(Encoding.ASCII.GetBytes("<14>1 2026-11-21T10:00:00Z host-9 after-garbage - - - still here\n"));
        }

        var entry = await OneAsync("service=after-garbage", "the good message after the garbage");
        Assert.Equal(("still here", "host-9", "INFO"), ((string?)entry["message"], (string?)entry["node_id"], (string?)entry["log_level"]));
        await Await.Until(() => Listener.Dropped >= 3, $"the three bad frames counted (now {Listener.Dropped})");
    }

    private async Task<JsonNode> OneAsync(string query, string expected)
    {
        await Await.UntilAsync(async () => (await _silo.Client.GetNode($"/api/v1/logs?limit=10&{query}"))["items"]!.AsArray().Count == 1, expected, TimeSpan.FromSeconds(20));
        return (await _silo.Client.GetNode($"/api/v1/logs?limit=10&{query}"))["items"]![0]!;
    }

    private static async Task UntilAcceptingAsync(int port, Process process)
    {
        await Await.UntilAsync(async () =>
        {
            if (process.HasExited) throw new InvalidOperationException($"rsyslogd exited with {process.ExitCode}: {await process.StandardError.ReadToEndAsync()}");
            using var probe = new TcpClient();
            try { await probe.ConnectAsync(IPAddress.Loopback, port); return true; }
            catch (SocketException) { return false; }
        }, $"rsyslogd accepting on 127.0.0.1:{port}", TimeSpan.FromSeconds(20));
    }

    private static async Task Run(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })
            ?? throw new InvalidOperationException($"{program} did not start");
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await process.StandardError.ReadToEndAsync()}");
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
