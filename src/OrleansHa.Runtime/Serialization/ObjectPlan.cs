using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Serialization;
using Orleans;

namespace OrleansHa.Runtime.Serialization;

/// <summary>
/// The members of a [GenerateSerializer] type, per class level (base classes first, each level its own
/// id space), and how to make an empty instance. Built once per type, on first use.
/// </summary>
internal sealed class ObjectPlan<T>
{
    private const BindingFlags Declared = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
    private readonly MemberCodec<T>?[][] _byId;

    private ObjectPlan(MemberCodec<T>[][] levels, Func<T> create)
    {
        Levels = levels;
        Create = create;
        _byId = levels.Select(level =>
        {
            var table = new MemberCodec<T>?[level.Length == 0 ? 0 : (int)level.Max(m => m.Id) + 1];
            foreach (var member in level)
            {
                table[member.Id] = member;
            }

            return table;
        }).ToArray();
    }

    public MemberCodec<T>[][] Levels { get; }

    public Func<T> Create { get; }

    public MemberCodec<T>? Find(int level, uint id)
        => level < _byId.Length && id < (uint)_byId[level].Length ? _byId[level][id] : null;

    /// <summary>A plan from [Id] members of <typeparamref name="T"/> and its [GenerateSerializer] base classes.</summary>
    public static ObjectPlan<T> FromAttributes()
    {
        var chain = new List<Type>();
        for (var level = typeof(T); level is not null && level.IsDefined(typeof(GenerateSerializerAttribute), inherit: false); level = level.BaseType)
        {
            chain.Insert(0, level);
        }

        return new ObjectPlan<T>(chain.Select(LevelMembers).ToArray(), Creator());
    }

    /// <summary>A plan over every instance field in declaration order, ids 0..n-1 (tuples, key/value pairs).</summary>
    public static ObjectPlan<T> FromFields()
    {
        var fields = typeof(T).GetFields(Declared).OrderBy(f => f.MetadataToken).ToList();
        var members = fields.Select((f, i) => FieldMember(f, (uint)i)).ToArray();
        return new ObjectPlan<T>([members], Creator());
    }

    private static MemberCodec<T>[] LevelMembers(Type level)
    {
        var members = new List<MemberCodec<T>>();
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in level.GetFields(Declared))
        {
            if (field.GetCustomAttribute<IdAttribute>() is { } id)
            {
                members.Add(FieldMember(field, id.Id));
                named.Add(field.Name);
            }
        }

        foreach (var property in level.GetProperties(Declared))
        {
            if (property.GetCustomAttribute<IdAttribute>() is { } id && property.GetIndexParameters().Length == 0)
            {
                members.Add(PropertyMember(property, id.Id));
                named.Add(property.Name);
            }
        }

        // Positional records: [Id] on a primary-constructor parameter maps to the property of that name.
        if (level.GetCustomAttribute<GenerateSerializerAttribute>()?.IncludePrimaryConstructorParameters != false)
        {
            foreach (var parameter in level.GetConstructors(Declared).SelectMany(c => c.GetParameters()))
            {
                if (parameter.GetCustomAttribute<IdAttribute>() is { } id && parameter.Name is { } name && named.Add(name))
                {
                    var property = level.GetProperty(name, Declared) ?? level.GetProperty(name, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                        ?? throw new SerializationException($"{level}: constructor parameter '{name}' carries [Id({id.Id})] but no property of that name stores it.");
                    members.Add(PropertyMember(property, id.Id));
                }
            }
        }

        var duplicate = members.GroupBy(m => m.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new SerializationException($"{level}: [Id({duplicate.Key})] is used by more than one member ({string.Join(", ", duplicate.Select(m => m.Name))}); each member of a class level needs its own id.");
        }

        if (members.Any(m => m.Id > 4096))
        {
            throw new SerializationException($"{level}: field ids above 4096 are not supported; number members from 0.");
        }

        return [.. members.OrderBy(m => m.Id)];
    }

    private static MemberCodec<T> FieldMember(FieldInfo field, uint id)
    {
        var make = typeof(ObjectPlan<T>).GetMethod(nameof(MakeFieldMember), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(field.FieldType);
        return (MemberCodec<T>)make.Invoke(null, [field, id])!;
    }

    private static MemberCodec<T> PropertyMember(PropertyInfo property, uint id)
    {
        // Auto-properties (including init-only and get-only ones) are read and written through their backing field.
        var backing = property.DeclaringType!.GetField($"<{property.Name}>k__BackingField", Declared);
        if (backing is not null)
        {
            return FieldMember(backing, id);
        }

        if (property.GetMethod is null || property.SetMethod is null)
        {
            throw new SerializationException($"{property.DeclaringType}.{property.Name} carries [Id({id})] but has no setter and no backing field; give it a setter (init is fine) or make it an auto-property.");
        }

        var make = typeof(ObjectPlan<T>).GetMethod(nameof(MakePropertyMember), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(property.PropertyType);
        return (MemberCodec<T>)make.Invoke(null, [property, id])!;
    }

    private static MemberCodec<T> MakeFieldMember<TField>(FieldInfo field, uint id)
        => new MemberCodec<T, TField>(id, field.Name, IlAccessors.FieldGetter<T, TField>(field), IlAccessors.FieldSetter<T, TField>(field));

    private static MemberCodec<T> MakePropertyMember<TField>(PropertyInfo property, uint id)
        => new MemberCodec<T, TField>(id, property.Name, IlAccessors.PropertyGetter<T, TField>(property.GetMethod!), IlAccessors.PropertySetter<T, TField>(property.SetMethod!));

    /// <summary>The parameterless constructor when there is one (so member initializers give defaults), else an uninitialized instance.</summary>
    private static Func<T> Creator()
    {
        if (typeof(T).IsValueType)
        {
            return static () => default!;
        }

        if (typeof(T).IsAbstract)
        {
            return static () => throw new SerializationException($"{typeof(T)} is abstract: the data must name a concrete type.");
        }

        var constructor = typeof(T).GetConstructor(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, Type.EmptyTypes);
        return constructor is not null
            ? Expression.Lambda<Func<T>>(Expression.New(constructor)).Compile()
            : static () => (T)RuntimeHelpers.GetUninitializedObject(typeof(T));
    }
}
