using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Grains.Runtime;

/// <summary>The silo's grain runtime: the activation directory, grain references, idle collection.</summary>
public sealed class GrainRuntime : IGrainFactory, IAsyncDisposable
{
    private readonly ConcurrentDictionary<(GrainType Type, string Key), GrainActivation> _directory = new();
    private readonly Lock _activationLock = new();
    private readonly IServiceProvider _services;
    private readonly GrainTypeRegistry _registry;
    private ITimer? _collector;
    private int _disposed;

    public GrainRuntime(
        IServiceProvider services,
        GrainTypeRegistry registry,
        IGrainStateStore stateStore,
        IReminderTable reminderTable,
        IOptions<GrainRuntimeOptions> options,
        TimeProvider timeProvider,
        ILogger<GrainRuntime> logger)
    {
        _services = services;
        _registry = registry;
        StateStore = stateStore;
        Options = options.Value;
        TimeProvider = timeProvider;
        Logger = logger;
        Statistics = new GrainStatistics(timeProvider);
        Reminders = new ReminderService(this, reminderTable, registry, logger);
    }

    internal GrainRuntimeOptions Options { get; }

    internal TimeProvider TimeProvider { get; }

    internal ILogger Logger { get; }

    internal IGrainStateStore StateStore { get; }

    internal ReminderService Reminders { get; }

    internal GrainStatistics Statistics { get; }

    /// <summary>How many activations are live now.</summary>
    public int ActivationCount => _directory.Count;

    /// <summary>Loads durable reminders and starts idle collection.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await Reminders.StartAsync(cancellationToken);
        _collector = TimeProvider.CreateTimer(_ => CollectIdle(), null, Options.CollectionQuantum, Options.CollectionQuantum);
    }

    /// <inheritdoc />
    public TGrain GetGrain<TGrain>(string key) where TGrain : class, IGrainWithStringKey
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return GrainProxy.Create<TGrain>(this, _registry.ForInterface(typeof(TGrain)), key);
    }

    /// <summary>Runtime metrics per grain type, like the Orleans dashboard.</summary>
    public IReadOnlyList<GrainTypeMetrics> GetMetrics()
    {
        var depth = _directory.Values.GroupBy(a => a.Type.Name).ToDictionary(g => g.Key, g => g.Sum(a => a.MailboxDepth));
        return _registry.All
            .Select(t => Statistics.For(t.Name).Snapshot(depth.GetValueOrDefault(t.Name)))
            .ToList();
    }

    /// <summary>Runs a call as a turn of the grain (type, key), activating it if needed.</summary>
    internal async Task<object?> InvokeAsync(GrainType type, string key, string method, Func<Grain, ValueTask<object?>> call, CancellationToken cancellationToken = default)
    {
        var item = new CallItem(method, call);
        await EnqueueAsync(type, key, item, cancellationToken);
        return await item.Completion;
    }

    /// <summary>Runs a call on the grain of a registered type name, for topic delivery and reminders.</summary>
    internal Task<object?> InvokeAsync(string grainType, string key, string method, Func<Grain, ValueTask<object?>> call, CancellationToken cancellationToken = default)
        => InvokeAsync(_registry.ForName(grainType), key, method, call, cancellationToken);

    private async ValueTask EnqueueAsync(GrainType type, string key, WorkItem item, CancellationToken cancellationToken)
    {
        // An activation that closed between lookup and enqueue hands us back false: go to its successor.
        while (!await GetOrActivate(type, key).EnqueueAsync(item, cancellationToken)) { }
    }

    internal void Redeliver(GrainType type, string key, WorkItem item)
        => _ = RedeliverAsync(type, key, item);

    private async Task RedeliverAsync(GrainType type, string key, WorkItem item)
    {
        try { await EnqueueAsync(type, key, item, CancellationToken.None); }
        catch (Exception ex) { item.Fail(ex); }
    }

    private GrainActivation GetOrActivate(GrainType type, string key)
    {
        if (_directory.TryGetValue((type, key), out var activation)) return activation;
        lock (_activationLock)
        {
            if (_directory.TryGetValue((type, key), out activation)) return activation;
            var grain = (Grain)ActivatorUtilities.CreateInstance(_services, type.Class);
            activation = new GrainActivation(this, type, key, grain, Options.MailboxCapacity);
            _directory[(type, key)] = activation;
            return activation;
        }
    }

    internal void Remove(GrainActivation activation)
        => _directory.TryRemove(new KeyValuePair<(GrainType, string), GrainActivation>((activation.Type, activation.Key), activation));

    private void CollectIdle()
    {
        var idleSince = TimeProvider.GetTimestamp() - (long)(Options.CollectionAge.TotalSeconds * TimeProvider.TimestampFrequency);
        foreach (var activation in _directory.Values)
        {
            if (activation.IsIdleSince(idleSince)) activation.RequestDeactivation();
        }
    }

    /// <summary>Deactivates every activation (saving state) and stops timers and reminders.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _collector?.Dispose();
        await Reminders.DisposeAsync();
        await Task.WhenAll(_directory.Values.ToList().Select(a => a.DeactivateAsync()));
    }
}
