using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Sawmill.EndToEnd.Support;

/// <summary>The silo as a real child process (dotnet Sawmill.Silo.dll) on 127.0.0.1 with a port picked by the OS.</summary>
public sealed partial class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SiloProcess(Process process, Uri address)
    {
        _process = process;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Client { get; }

    public static async Task<SiloProcess> StartAsync(string dataDirectory, params string[] settings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Without the demo unless asked (--Demo:Enabled=true): its traffic would mix with the test's. Tests use fixed
        // times, which a retention of ten years keeps.
        foreach (var argument in new[] { SiloAssembly(), "--urls", "http://127.0.0.1:0", "--Otlp:GrpcPort=0", "--Syslog:Port=0", $"--Silo:DataDirectory={dataDirectory}", "--Demo:Enabled=false", "--Storage:Retention=3650.00:00:00" }.Concat(settings))
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["Logging__Console__TimestampFormat"] = "HH:mm:ss.fff ";

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        // SAWMILL_E2E_LOGS=<folder>: each silo's output also goes to a file there, to read after a failure.
        var logFile = Environment.GetEnvironmentVariable("SAWMILL_E2E_LOGS") is { Length: > 0 } folder
            ? TextWriter.Synchronized(new StreamWriter(Path.Combine(folder, $"silo-{Path.GetFileName(dataDirectory)}-{Guid.NewGuid():N}.log")) { AutoFlush = true })
            : null;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            logFile?.WriteLine(e.Data);
            output.Enqueue(e.Data);
            if (ListeningOn().Match(e.Data) is { Success: true } match) listening.TrySetResult(new Uri(match.Groups[1].Value));
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { logFile?.WriteLine(e.Data); output.Enqueue(e.Data); } };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"The silo exited with {process.ExitCode}:\n{string.Join('\n', output)}"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            return new SiloProcess(process, await listening.Task.WaitAsync(TimeSpan.FromSeconds(60)));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Expected the silo to print 'Now listening on' within 60 s. Output:\n{string.Join('\n', output)}");
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, like a crash or an OOM kill.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited) Kill();
        _process.Dispose();
        await Task.CompletedTask;
    }

    /// <summary>src/Silo's build output of the same configuration as this test assembly.</summary>
    private static string SiloAssembly()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = directory.Parent!.Name; // bin/<Configuration>/net10.0/
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Orleans.sln"))) directory = directory.Parent;
        if (directory is null) throw new InvalidOperationException("Orleans.sln not found above the test folder.");
        var assembly = Path.Combine(directory.FullName, "src", "Silo", "bin", configuration, "net10.0", "Sawmill.Silo.dll");
        return File.Exists(assembly) ? assembly : throw new FileNotFoundException("Build src/Silo first.", assembly);
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();
}
