using System.Reflection;

namespace Sawmill.Grains.Runtime;

/// <summary>A grain reference: every interface call becomes a turn in the grain's mailbox.</summary>
#pragma warning disable CA1852 // DispatchProxy derives from this class at run time: it cannot be sealed.
internal class GrainProxy : DispatchProxy
#pragma warning restore CA1852
{
    private GrainRuntime? _runtime;
    private GrainType? _type;
    private string _key = "";

    public static TGrain Create<TGrain>(GrainRuntime runtime, GrainType type, string key) where TGrain : class
    {
        var proxy = DispatchProxy.Create<TGrain, GrainProxy>();
        var self = (GrainProxy)(object)proxy;
        self._runtime = runtime;
        self._type = type;
        self._key = key;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var method = GrainMethod.For(targetMethod);
        var result = _runtime!.InvokeAsync(_type!, _key, method.Name, grain => method.InvokeOnGrain(grain, args ?? []));
        return method.WrapResult(result);
    }

    public override string ToString() => $"{_type?.Name}/{_key}";
}
