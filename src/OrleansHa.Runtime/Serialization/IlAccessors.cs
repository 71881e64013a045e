using System.Reflection;
using System.Reflection.Emit;

namespace OrleansHa.Runtime.Serialization;

/// <summary>Copies the deep members of a value in place (after a memberwise clone).</summary>
internal delegate void FieldFixup<T>(ref T target, CopyContext context);

/// <summary>Reads one member of an owner passed by reference (so structs are not copied).</summary>
internal delegate TField MemberGetter<TOwner, TField>(ref TOwner owner);

/// <summary>Writes one member of an owner passed by reference, including readonly fields.</summary>
internal delegate void MemberSetter<TOwner, TField>(ref TOwner owner, TField value);

/// <summary>
/// Emits small methods that touch fields directly. Dynamic methods skip visibility checks, so they can
/// set readonly and init-only backing fields: values are rebuilt field by field, never through constructors.
/// </summary>
internal static class IlAccessors
{
    private static readonly Module HostModule = typeof(IlAccessors).Module;

    /// <summary>Every instance field of <paramref name="type"/> and its base classes.</summary>
    public static IEnumerable<FieldInfo> AllInstanceFields(Type type)
    {
        for (var level = type; level is not null && level != typeof(object) && level != typeof(ValueType); level = level.BaseType)
        {
            foreach (var field in level.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                yield return field;
            }
        }
    }

    /// <summary>A method doing <c>target.f = CopierCache&lt;F&gt;.Copy(target.f, context)</c> for each field; null when there are none.</summary>
    public static FieldFixup<T>? BuildFixup<T>(IReadOnlyList<FieldInfo> fields)
    {
        if (fields.Count == 0)
        {
            return null;
        }

        var method = new DynamicMethod($"Fixup_{typeof(T).Name}", null, [typeof(T).MakeByRefType(), typeof(CopyContext)], HostModule, skipVisibility: true);
        var il = method.GetILGenerator();
        foreach (var field in fields)
        {
            var copy = typeof(CopierCache<>).MakeGenericType(field.FieldType).GetMethod(nameof(CopierCache<int>.Copy))!;
            LoadOwner<T>(il);
            LoadOwner<T>(il);
            il.Emit(OpCodes.Ldfld, field);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Call, copy);
            il.Emit(OpCodes.Stfld, field);
        }

        il.Emit(OpCodes.Ret);
        return method.CreateDelegate<FieldFixup<T>>();
    }

    public static MemberGetter<TOwner, TField> FieldGetter<TOwner, TField>(FieldInfo field)
    {
        var method = new DynamicMethod($"Get_{field.Name}", typeof(TField), [typeof(TOwner).MakeByRefType()], HostModule, skipVisibility: true);
        var il = method.GetILGenerator();
        LoadOwner<TOwner>(il);
        il.Emit(OpCodes.Ldfld, field);
        il.Emit(OpCodes.Ret);
        return method.CreateDelegate<MemberGetter<TOwner, TField>>();
    }

    public static MemberSetter<TOwner, TField> FieldSetter<TOwner, TField>(FieldInfo field)
    {
        var method = new DynamicMethod($"Set_{field.Name}", null, [typeof(TOwner).MakeByRefType(), typeof(TField)], HostModule, skipVisibility: true);
        var il = method.GetILGenerator();
        LoadOwner<TOwner>(il);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Stfld, field);
        il.Emit(OpCodes.Ret);
        return method.CreateDelegate<MemberSetter<TOwner, TField>>();
    }

    public static MemberGetter<TOwner, TField> PropertyGetter<TOwner, TField>(MethodInfo getter)
    {
        var method = new DynamicMethod($"Get_{getter.Name}", typeof(TField), [typeof(TOwner).MakeByRefType()], HostModule, skipVisibility: true);
        var il = method.GetILGenerator();
        LoadOwner<TOwner>(il);
        il.Emit(typeof(TOwner).IsValueType ? OpCodes.Call : OpCodes.Callvirt, getter);
        il.Emit(OpCodes.Ret);
        return method.CreateDelegate<MemberGetter<TOwner, TField>>();
    }

    public static MemberSetter<TOwner, TField> PropertySetter<TOwner, TField>(MethodInfo setter)
    {
        var method = new DynamicMethod($"Set_{setter.Name}", null, [typeof(TOwner).MakeByRefType(), typeof(TField)], HostModule, skipVisibility: true);
        var il = method.GetILGenerator();
        LoadOwner<TOwner>(il);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(typeof(TOwner).IsValueType ? OpCodes.Call : OpCodes.Callvirt, setter);
        il.Emit(OpCodes.Ret);
        return method.CreateDelegate<MemberSetter<TOwner, TField>>();
    }

    /// <summary>Pushes the owner: the managed pointer for a struct, the object reference for a class.</summary>
    private static void LoadOwner<TOwner>(ILGenerator il)
    {
        il.Emit(OpCodes.Ldarg_0);
        if (!typeof(TOwner).IsValueType)
        {
            il.Emit(OpCodes.Ldind_Ref);
        }
    }
}
