using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Sawmill.Bench;

/// <summary>The silo as a child process on 127.0.0.1 (port chosen by the OS), so its RSS and CPU are its own.
/// Shared by the benchmarks (linked into each project); it is killed on dispose and when the benchmark exits.</summary>
internal sealed partial class SiloChild : IDisposable
{
    /// <summary>USER_HZ: the unit of utime and stime in /proc/&lt;pid&gt;/stat, 100 on Linux.</summary>
    private const double ClockTicksPerSecond = 100;

    private const int TailLines = 20;

    private readonly Process _process;
    private readonly Queue<string> _tail;
    private int _disposed;

    private SiloChild(Process process, Queue<string> tail, Uri address)
    {
        _process = process;
        _tail = tail;
        Address = address;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    public Uri Address { get; }

    public int ProcessId => _process.Id;

    /// <summary>Null while the silo runs; otherwise its exit code and its last lines of output.</summary>
    public string? ExitReport
    {
        get
        {
            if (!_process.HasExited) return null;
            lock (_tail) return $"the silo exited with code {_process.ExitCode}; its last output:{Environment.NewLine}{string.Join(Environment.NewLine, _tail)}";
        }
    }

    /// <summary>Starts the silo; <paramref name="settings"/> are extra configuration arguments (<c>--Section:Key=value</c>).</summary>
    public static async Task<SiloChild> StartAsync(string configuration, string dataDirectory, params IEnumerable<string> settings)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] arguments = [SiloAssembly(configuration), "--urls", "http://127.0.0.1:0", "--Otlp:GrpcPort=0", "--Syslog:Port=0", $"--Silo:DataDirectory={dataDirectory}", "--Demo:Enabled=false", "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information", .. settings];
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start)!;
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var tail = new Queue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            Remember(tail, e.Data);
            if (ListeningOn().Match(e.Data) is { Success: true } match) listening.TrySetResult(new Uri(match.Groups[1].Value));
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            Remember(tail, e.Data);
            Console.Error.WriteLine($"silo: {e.Data}");
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            return new SiloChild(process, tail, await listening.Task.WaitAsync(TimeSpan.FromSeconds(60)));
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>Peak resident set size (VmHWM) and CPU time of the silo so far.</summary>
    public (long PeakRssBytes, TimeSpan Cpu) Usage()
    {
        var sample = Sample();
        return (sample.PeakRssBytes, sample.Cpu);
    }

    /// <summary>RSS (VmRSS), peak RSS (VmHWM) and CPU time (utime + stime) of the silo, read from /proc.</summary>
    public ProcessSample Sample()
    {
        long rss = 0, hwm = 0;
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kibibytes(line) * 1024;
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) hwm = Kibibytes(line) * 1024;
        }
        // The command name may hold spaces and parentheses: the fields are counted after its closing one.
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return new ProcessSample(rss, hwm, TimeSpan.FromSeconds(ticks / ClockTicksPerSecond));

        static long Kibibytes(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
    }

    private static void Remember(Queue<string> tail, string line)
    {
        lock (tail)
        {
            tail.Enqueue(line);
            if (tail.Count > TailLines) tail.Dequeue();
        }
    }

    private void OnProcessExit(object? sender, EventArgs e) => Dispose();

    private static string SiloAssembly(string configuration)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Orleans.sln"))) directory = directory.Parent;
        var assembly = Path.Combine(directory?.FullName ?? ".", "src", "Silo", "bin", configuration, "net10.0", "Sawmill.Silo.dll");
        return File.Exists(assembly) ? assembly : throw new FileNotFoundException($"Build the solution in {configuration} first.", assembly);
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();

    /// <summary>One reading of the silo's memory and CPU.</summary>
    public readonly record struct ProcessSample(long RssBytes, long PeakRssBytes, TimeSpan Cpu);
}
