using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using Orleans.Runtime;

namespace OrleansHa.Runtime.Engine;

/// <summary>
/// Emits one <see cref="GrainReference"/> subclass per grain interface. Each interface method boxes its arguments into an
/// array and calls the base class's Invoke helper for its return kind; measured faster than DispatchProxy because there is
/// no MethodInfo lookup or result conversion per call.
/// </summary>
internal static class ProxyGenerator
{
    private static readonly ConcurrentDictionary<Type, Func<GrainReference>> Factories = new();
    private static readonly Lock Gate = new();
    private static readonly HashSet<string> GrantedAssemblies = [];
    private static readonly AssemblyBuilder Assembly =
        AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("OrleansHa.GrainReferences"), AssemblyBuilderAccess.Run);

    private static readonly ModuleBuilder Module = Assembly.DefineDynamicModule("OrleansHa.GrainReferences");
    private static int s_counter;

    /// <summary>A factory creating uninitialized references for <paramref name="info"/>'s interface.</summary>
    public static Func<GrainReference> FactoryFor(GrainInterfaceInfo info)
        => Factories.GetOrAdd(info.InterfaceType, _ => Build(info));

    private static Func<GrainReference> Build(GrainInterfaceInfo info)
    {
        lock (Gate)
        {
            GrantAccess(info.InterfaceType);
            var iface = info.InterfaceType;
            var type = Module.DefineType(
                $"OrleansHa.GrainReferences.{iface.Name}Reference{Interlocked.Increment(ref s_counter)}",
                TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class,
                typeof(GrainReference),
                [iface]);
            type.DefineDefaultConstructor(MethodAttributes.Public);
            foreach (var method in info.Methods)
            {
                EmitMethod(type, method);
            }

            var created = type.CreateType();
            return Expression.Lambda<Func<GrainReference>>(Expression.New(created)).Compile();
        }
    }

    private static void EmitMethod(TypeBuilder type, GrainMethod method)
    {
        var parameters = method.ParameterTypes;
        var builder = type.DefineMethod(
            $"{method.InterfaceType.FullName}.{method.Method.Name}#{method.Index}",
            MethodAttributes.Private | MethodAttributes.Virtual | MethodAttributes.Final | MethodAttributes.HideBySig | MethodAttributes.NewSlot,
            method.Method.ReturnType,
            parameters);
        var il = builder.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldc_I4, method.Index);
        il.Emit(OpCodes.Ldc_I4, parameters.Length);
        il.Emit(OpCodes.Newarr, typeof(object));
        for (var i = 0; i < parameters.Length; i++)
        {
            il.Emit(OpCodes.Dup);
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Ldarg, i + 1);
            if (parameters[i].IsValueType || parameters[i].IsGenericParameter)
            {
                il.Emit(OpCodes.Box, parameters[i]);
            }

            il.Emit(OpCodes.Stelem_Ref);
        }

        il.Emit(OpCodes.Call, Helper(method));
        il.Emit(OpCodes.Ret);
        type.DefineMethodOverride(builder, method.Method);
    }

    private static MethodInfo Helper(GrainMethod method)
    {
        const BindingFlags Flags = BindingFlags.Instance | BindingFlags.NonPublic;
        return method.Kind switch
        {
            GrainMethodKind.Task => typeof(GrainReference).GetMethod("InvokeVoidTask", Flags)!,
            GrainMethodKind.ValueTask => typeof(GrainReference).GetMethod("InvokeVoidValueTask", Flags)!,
            GrainMethodKind.TaskOfT => typeof(GrainReference).GetMethod("InvokeTask", Flags)!.MakeGenericMethod(method.ResultType),
            _ => typeof(GrainReference).GetMethod("InvokeValueTask", Flags)!.MakeGenericMethod(method.ResultType),
        };
    }

    // Grain interfaces may be internal (e.g. in a test assembly); the runtime honours this attribute on dynamic assemblies.
    private static void GrantAccess(Type type)
    {
        foreach (var assembly in new[] { type }.Concat(type.GetInterfaces()).Concat(type.GetInterfaces().SelectMany(GenericArguments)).Concat(GenericArguments(type)).Select(t => t.Assembly.GetName().Name!).Distinct())
        {
            if (GrantedAssemblies.Add(assembly))
            {
                var ctor = typeof(IgnoresAccessChecksToAttribute).GetConstructor([typeof(string)])!;
                Assembly.SetCustomAttribute(new CustomAttributeBuilder(ctor, [assembly]));
            }
        }
    }

    private static IEnumerable<Type> GenericArguments(Type type) => type.IsGenericType ? type.GetGenericArguments() : [];
}
