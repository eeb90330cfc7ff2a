using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sawmill.Client;

/// <summary><c>builder.Logging.AddSawmill(o => o.ServiceName = "PaymentService")</c>: ship this app's logs to Sawmill.</summary>
public static class SawmillLoggingBuilderExtensions
{
    public static ILoggingBuilder AddSawmill(this ILoggingBuilder builder, Action<SawmillClientOptions>? configure = null)
    {
        var services = builder.Services;
        services.AddOptions<SawmillClientOptions>().BindConfiguration(SawmillClientOptions.SectionName);
        if (configure is not null) services.Configure(configure);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new SawmillShipper(sp.GetRequiredService<IOptions<SawmillClientOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoggerProvider, SawmillLoggerProvider>());
        services.AddHostedService<SawmillClientLifetime>();
        return builder;
    }
}
