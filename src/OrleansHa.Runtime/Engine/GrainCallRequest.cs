using System.Collections.Immutable;
using System.Reflection;
using Orleans.Runtime;
using Orleans.Serialization.Invocation;

namespace OrleansHa.Runtime.Engine;

/// <summary>A call of a grain interface method, queued at or running in an activation; its own node in the call chain.</summary>
internal abstract class GrainCallRequest(GrainMethod method, object?[] arguments, GrainId target, CallContextData? caller)
    : WorkRequest(caller?.Values ?? ImmutableDictionary<string, object>.Empty, target, caller), IInvokable
{
    private int _started;

    public GrainMethod Method { get; } = method;

    public object?[] Arguments { get; } = arguments;

    /// <summary>When the caller stops waiting, as a <see cref="TimeProvider"/> timestamp.</summary>
    public long Deadline { get; set; }

    public TimeSpan Timeout { get; set; }

    public bool Started => Volatile.Read(ref _started) != 0;

    public object? Target { get; private set; }

    public override bool IsReadOnly => Method.ReadOnly;

    public override bool AlwaysInterleaves => Method.AlwaysInterleave;

    public override bool CountsAsActivity => true;

    public abstract bool IsCompleted { get; }

    public abstract bool TrySetTimeout(TimeoutException exception);

    public override string Describe() => $"{Grain} ({Method.Name})";

    public int GetArgumentCount() => Arguments.Length;

    public object? GetArgument(int index) => Arguments[index];

    public MethodInfo GetMethod() => Method.Method;

    public string GetMethodName() => Method.Method.Name;

    public string GetInterfaceName() => Method.InterfaceType.FullName ?? Method.InterfaceType.Name;

    public Type GetInterfaceType() => Method.InterfaceType;

    public object? GetTarget() => Target;

    protected void MarkStarted(object? grain)
    {
        Target = grain;
        Volatile.Write(ref _started, 1);
    }
}
