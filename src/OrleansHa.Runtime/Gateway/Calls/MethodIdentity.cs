using System.Reflection;
using System.Text;
using Orleans;

namespace OrleansHa.Runtime.Gateway.Calls;

/// <summary>
/// A grain method's name on the wire, the same in every process that has the same interface:
/// <c>{interface}.{method}({parameter types}):{return type}</c>, where a type is its [Alias] if it has one,
/// else its full name (generic arguments in brackets), and a method is its [Alias] if it has one, else its name.
/// Assembly names and versions are left out on purpose: a client built against the same interface source calls the
/// same method, whatever assembly it came from.
/// </summary>
internal static class MethodIdentity
{
    public static string Of(MethodInfo method)
    {
        if (method.IsGenericMethod)
        {
            throw new NotSupportedException($"Grain method {method.DeclaringType?.FullName}.{method.Name} is generic; gateway calls support only non-generic grain methods.");
        }

        var text = new StringBuilder();
        AppendType(text, method.DeclaringType!);
        text.Append('.').Append(method.GetCustomAttribute<AliasAttribute>()?.Alias ?? method.Name).Append('(');
        var parameters = method.GetParameters();
        for (var i = 0; i < parameters.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            AppendType(text, parameters[i].ParameterType);
        }

        text.Append("):");
        AppendType(text, method.ReturnType);
        return text.ToString();
    }

    private static void AppendType(StringBuilder text, Type type)
    {
        if (type.IsArray)
        {
            AppendType(text, type.GetElementType()!);
            text.Append('[').Append(',', type.GetArrayRank() - 1).Append(']');
            return;
        }

        if (type.IsByRef)
        {
            AppendType(text, type.GetElementType()!);
            text.Append('&');
            return;
        }

        var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        var alias = definition.GetCustomAttribute<AliasAttribute>(inherit: false)?.Alias;
        text.Append(alias ?? definition.FullName ?? definition.Name);
        if (type.IsGenericType)
        {
            text.Append('[');
            var arguments = type.GetGenericArguments();
            for (var i = 0; i < arguments.Length; i++)
            {
                if (i > 0)
                {
                    text.Append(',');
                }

                AppendType(text, arguments[i]);
            }

            text.Append(']');
        }
    }
}
