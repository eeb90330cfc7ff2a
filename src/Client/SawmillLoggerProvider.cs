using Microsoft.Extensions.Logging;

namespace Sawmill.Client;

/// <summary>The Microsoft.Extensions.Logging provider: every log call becomes a LOG entry queued on the shipper.</summary>
[ProviderAlias("Sawmill")]
public sealed class SawmillLoggerProvider(SawmillShipper shipper, TimeProvider timeProvider) : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ILogger CreateLogger(string categoryName) => new SawmillLogger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() { }

    private void Write<TState>(string category, LogLevel level, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        => shipper.Enqueue(LogEntryFactory.Create(shipper, category, level, eventId, state, exception, formatter, _scopes, timeProvider.GetUtcNow()));

    private sealed class SawmillLogger(string category, SawmillLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) provider.Write(category, logLevel, eventId, state, exception, formatter);
        }
    }
}
