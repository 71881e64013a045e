using System.Runtime.Serialization;

namespace OrleansHa.Runtime.Serialization;

/// <summary>State of writing one message: reference ids of tracked objects and type specs already written.</summary>
internal sealed class WriteSession
{
    private readonly ReferenceMap<int> _references = new();

    public IGrainReferenceCodec? GrainReferences { get; private set; }

    public Dictionary<Type, int> TypeIds { get; } = [];

    public void Reset(IGrainReferenceCodec? grainReferences) => GrainReferences = grainReferences;

    public void Clear()
    {
        _references.Clear();
        TypeIds.Clear();
        GrainReferences = null;
    }

    /// <summary>Writes a back-reference when <paramref name="value"/> was written before in this message.</summary>
    public bool TryWriteReference(WireWriter writer, object value)
    {
        if (_references.Count == 0 || !_references.TryGetValue(value, out var id))
        {
            return false;
        }

        writer.WriteByte(WireKind.Reference);
        writer.WriteVarUInt32((uint)id);
        return true;
    }

    /// <summary>Gives <paramref name="value"/> the next id; called just before its tracked kind byte is written.</summary>
    public void Register(object value) => _references.Add(value, _references.Count);
}

/// <summary>State of reading one message: objects by reference id, type specs seen, nesting depth.</summary>
internal sealed class ReadSession
{
    /// <summary>Deeper nesting than this is refused, so crafted input cannot exhaust the stack.</summary>
    public const int MaxDepth = 512;

    private static readonly object Pending = new();
    private readonly List<object?> _references = [];
    private int _depth;

    public IGrainReferenceCodec? GrainReferences { get; private set; }

    public List<WireTypeSpec> TypeSpecs { get; } = [];

    public void Reset(IGrainReferenceCodec? grainReferences) => GrainReferences = grainReferences;

    public void Clear()
    {
        _references.Clear();
        TypeSpecs.Clear();
        _depth = 0;
        GrainReferences = null;
    }

    /// <summary>Takes the next reference id for a tracked value about to be read.</summary>
    public int ReserveReference()
    {
        _references.Add(Pending);
        return _references.Count - 1;
    }

    public void SetReference(int id, object? value) => _references[id] = value;

    public object? GetReference(uint id)
    {
        if (id >= (uint)_references.Count)
        {
            throw new SerializationException($"The data is not valid: reference {id} points past the {_references.Count} objects read so far.");
        }

        var value = _references[(int)id];
        return ReferenceEquals(value, Pending)
            ? throw new SerializationException($"Reference {id} points to an object still being built (a cycle through an immutable collection or a tuple-like value), which cannot be rebuilt.")
            : value;
    }

    public void Enter()
    {
        if (++_depth > MaxDepth)
        {
            throw new SerializationException($"The data nests deeper than {MaxDepth} levels, which is refused.");
        }
    }

    public void Exit() => _depth--;
}
