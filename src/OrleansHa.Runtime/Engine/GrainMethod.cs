using System.Linq.Expressions;
using System.Reflection;
using Orleans;
using Orleans.Concurrency;
using OrleansHa.Runtime.Serialization;

namespace OrleansHa.Runtime.Engine;

/// <summary>
/// One grain interface method as the runtime sees it: how it returns, its scheduling attributes, its timeout, which
/// arguments need copying, and a compiled delegate that calls it on a grain instance.
/// </summary>
internal sealed class GrainMethod
{
    private Func<object, object?[], Task>? _invoker;
    private Func<Task, object?>? _boxedResult;

    private GrainMethod(Type interfaceType, MethodInfo method, int index, GrainMethodKind kind, Type resultType)
    {
        InterfaceType = interfaceType;
        Method = method;
        Index = index;
        Kind = kind;
        ResultType = resultType;
        AlwaysInterleave = method.IsDefined(typeof(AlwaysInterleaveAttribute), inherit: true);
        ReadOnly = method.IsDefined(typeof(ReadOnlyAttribute), inherit: true);
        OneWay = method.IsDefined(typeof(OneWayAttribute), inherit: true);
        Timeout = method.GetCustomAttribute<ResponseTimeoutAttribute>()?.Timeout;
        var parameters = method.GetParameters();
        ParameterTypes = parameters.Select(p => p.ParameterType).ToArray();
        ImmutableParameters = parameters.Select(p => p.IsDefined(typeof(ImmutableAttribute), inherit: false)).ToArray();
        CopiedParameters = parameters.Select((p, i) => !ImmutableParameters[i] && !DeepCopier.IsShallowCopyable(p.ParameterType)).ToArray();
        Name = $"{interfaceType.Name}.{method.Name}";
    }

    public Type InterfaceType { get; }

    public MethodInfo Method { get; }

    public int Index { get; }

    public GrainMethodKind Kind { get; }

    /// <summary>T for Task&lt;T&gt;/ValueTask&lt;T&gt;; typeof(object) for methods without a result.</summary>
    public Type ResultType { get; }

    public bool IsVoid => Kind is GrainMethodKind.Task or GrainMethodKind.ValueTask;

    public bool AlwaysInterleave { get; }

    public bool ReadOnly { get; }

    public bool OneWay { get; }

    public TimeSpan? Timeout { get; }

    public Type[] ParameterTypes { get; }

    /// <summary>Per parameter: marked [Immutable], so never copied.</summary>
    public bool[] ImmutableParameters { get; }

    /// <summary>Per parameter: whether its argument is deep-copied (not [Immutable], not of a type Orleans passes as is).</summary>
    public bool[] CopiedParameters { get; }

    /// <summary>"IFoo.Bar", for messages and logs.</summary>
    public string Name { get; }

    /// <summary>Calls the method on a grain instance; a ValueTask is turned into a Task.</summary>
    public Func<object, object?[], Task> Invoker => _invoker ??= CompileInvoker();

    /// <summary>Reads a completed Task&lt;T&gt;'s result as object (for the untyped invoker path).</summary>
    public Func<Task, object?> BoxedResult => _boxedResult ??= CompileBoxedResult();

    /// <summary>Describes why <paramref name="method"/> cannot be a grain method, or null when it can.</summary>
    public static string? Problem(Type interfaceType, MethodInfo method)
    {
        var where = $"{interfaceType.FullName}.{method.Name}";
        if (method.IsGenericMethodDefinition)
        {
            return $"{where} is a generic method; this runtime supports only non-generic grain methods.";
        }

        if (method.GetParameters().Any(p => p.ParameterType.IsByRef))
        {
            return $"{where} has a ref, out or in parameter; grain methods take their arguments by value.";
        }

        return KindOf(method.ReturnType) is null
            ? $"{where} returns {method.ReturnType.Name}; grain interface methods must return Task, Task<T>, ValueTask or ValueTask<T>."
            : null;
    }

    public static GrainMethod Create(Type interfaceType, MethodInfo method, int index)
    {
        var (kind, result) = KindOf(method.ReturnType) ?? throw new ArgumentException(Problem(interfaceType, method));
        return new GrainMethod(interfaceType, method, index, kind, result);
    }

    private static (GrainMethodKind Kind, Type Result)? KindOf(Type returnType)
    {
        if (returnType == typeof(Task))
        {
            return (GrainMethodKind.Task, typeof(object));
        }

        if (returnType == typeof(ValueTask))
        {
            return (GrainMethodKind.ValueTask, typeof(object));
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            return (GrainMethodKind.TaskOfT, returnType.GetGenericArguments()[0]);
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            return (GrainMethodKind.ValueTaskOfT, returnType.GetGenericArguments()[0]);
        }

        return null;
    }

    private Func<object, object?[], Task> CompileInvoker()
    {
        var grain = Expression.Parameter(typeof(object), "grain");
        var args = Expression.Parameter(typeof(object?[]), "args");
        var call = Expression.Call(
            Expression.Convert(grain, InterfaceType),
            Method,
            ParameterTypes.Select((t, i) => (Expression)Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), t)));
        Expression body = Kind switch
        {
            GrainMethodKind.ValueTask or GrainMethodKind.ValueTaskOfT => Expression.Call(call, Method.ReturnType.GetMethod(nameof(ValueTask.AsTask))!),
            _ => call,
        };
        return Expression.Lambda<Func<object, object?[], Task>>(Expression.Convert(body, typeof(Task)), grain, args).Compile();
    }

    private Func<Task, object?> CompileBoxedResult()
    {
        if (IsVoid)
        {
            return static _ => null;
        }

        var task = Expression.Parameter(typeof(Task), "task");
        var taskType = typeof(Task<>).MakeGenericType(ResultType);
        var result = Expression.Property(Expression.Convert(task, taskType), nameof(Task<object>.Result));
        return Expression.Lambda<Func<Task, object?>>(Expression.Convert(result, typeof(object)), task).Compile();
    }
}
