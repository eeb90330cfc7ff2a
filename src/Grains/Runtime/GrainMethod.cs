using System.Collections.Concurrent;
using System.Reflection;

namespace Sawmill.Grains.Runtime;

/// <summary>How to call one grain interface method and hand its result back as the declared awaitable type.</summary>
internal sealed class GrainMethod
{
    private static readonly ConcurrentDictionary<MethodInfo, GrainMethod> Cache = new();

    private readonly MethodInfo _method;
    private readonly Func<object, ValueTask<object?>> _await;

    private GrainMethod(MethodInfo method)
    {
        _method = method;
        Name = method.Name;
        var returnType = method.ReturnType;
        if (returnType == typeof(Task) || returnType == typeof(ValueTask))
        {
            _await = returnType == typeof(Task) ? AwaitTask : AwaitValueTask;
            WrapResult = returnType == typeof(Task) ? t => t : t => new ValueTask(t);
        }
        else if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() is var definition
                 && (definition == typeof(Task<>) || definition == typeof(ValueTask<>)))
        {
            var resultType = returnType.GetGenericArguments()[0];
            var helpers = typeof(GrainMethod).GetMethod(definition == typeof(Task<>) ? nameof(ForTask) : nameof(ForValueTask), BindingFlags.NonPublic | BindingFlags.Static)!;
            (_await, WrapResult) = ((Func<object, ValueTask<object?>>, Func<Task<object?>, object>))helpers.MakeGenericMethod(resultType).Invoke(null, null)!;
        }
        else
        {
            throw new NotSupportedException($"Grain method {method.DeclaringType?.Name}.{method.Name} must return Task, Task<T>, ValueTask or ValueTask<T>.");
        }
    }

    public string Name { get; }

    /// <summary>Turns the runtime's Task&lt;object?&gt; into what the interface method declares.</summary>
    public Func<Task<object?>, object> WrapResult { get; }

    public static GrainMethod For(MethodInfo method) => Cache.GetOrAdd(method, m => new GrainMethod(m));

    public ValueTask<object?> InvokeOnGrain(Grain grain, object?[] args)
    {
        object awaitable;
        try { awaitable = _method.Invoke(grain, args)!; }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            return ValueTask.FromException<object?>(ex.InnerException);
        }
        return _await(awaitable);
    }

    private static async ValueTask<object?> AwaitTask(object task) { await (Task)task; return null; }

    private static async ValueTask<object?> AwaitValueTask(object task) { await (ValueTask)task; return null; }

    private static (Func<object, ValueTask<object?>>, Func<Task<object?>, object>) ForTask<T>()
        => (async t => await (Task<T>)t, t => Cast<T>(t));

    private static (Func<object, ValueTask<object?>>, Func<Task<object?>, object>) ForValueTask<T>()
        => (async t => await (ValueTask<T>)t, t => new ValueTask<T>(Cast<T>(t)));

    private static async Task<T> Cast<T>(Task<object?> task) => (T)(await task)!;
}
