using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Sawmill.Ingest;

/// <summary>The silo as a child process on 127.0.0.1 (port chosen by the OS), so its RSS and CPU are its own.</summary>
internal sealed partial class SiloChild : IDisposable
{
    private readonly Process _process;

    private SiloChild(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int ProcessId => _process.Id;

    public static async Task<SiloChild> StartAsync(string configuration, string dataDirectory)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { SiloAssembly(configuration), "--urls", "http://127.0.0.1:0", $"--Silo:DataDirectory={dataDirectory}", "--Demo:Enabled=false", "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information" })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start)!;
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null && ListeningOn().Match(e.Data) is { Success: true } match) listening.TrySetResult(new Uri(match.Groups[1].Value));
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"silo: {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new SiloChild(process, await listening.Task.WaitAsync(TimeSpan.FromSeconds(60)));
    }

    /// <summary>Peak resident set size (VmHWM) and CPU time of the silo so far.</summary>
    public (long PeakRssBytes, TimeSpan Cpu) Usage()
    {
        _process.Refresh();
        var status = File.ReadAllLines($"/proc/{_process.Id}/status");
        var hwm = status.First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        var kb = long.Parse(hwm.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        return (kb * 1024, _process.TotalProcessorTime);
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
    }

    private static string SiloAssembly(string configuration)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Orleans.sln"))) directory = directory.Parent;
        var assembly = Path.Combine(directory?.FullName ?? ".", "src", "Silo", "bin", configuration, "net10.0", "Sawmill.Silo.dll");
        return File.Exists(assembly) ? assembly : throw new FileNotFoundException($"Build the solution in {configuration} first.", assembly);
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();
}
