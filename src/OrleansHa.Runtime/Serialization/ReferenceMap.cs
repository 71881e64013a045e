using System.Runtime.CompilerServices;

namespace OrleansHa.Runtime.Serialization;

/// <summary>
/// Maps objects (by identity) to a value. Most graphs hold a handful of objects, so the first few live
/// in arrays searched linearly; larger graphs move to a dictionary. Reused across calls: <see cref="Clear"/>.
/// </summary>
internal sealed class ReferenceMap<TValue>
{
    private const int LinearLimit = 16;
    private readonly object?[] _keys = new object?[LinearLimit];
    private readonly TValue[] _values = new TValue[LinearLimit];
    private Dictionary<object, TValue>? _large;
    private int _count;

    public int Count => _count;

    public bool TryGetValue(object key, out TValue value)
    {
        if (_large is not null && _count > LinearLimit)
        {
            return _large.TryGetValue(key, out value!);
        }

        var keys = _keys;
        for (var i = 0; i < _count; i++)
        {
            if (ReferenceEquals(keys[i], key))
            {
                value = _values[i];
                return true;
            }
        }

        value = default!;
        return false;
    }

    /// <summary>Adds a key that is not present yet.</summary>
    public void Add(object key, TValue value)
    {
        if (_count < LinearLimit)
        {
            _keys[_count] = key;
            _values[_count] = value;
        }
        else
        {
            if (_count == LinearLimit)
            {
                _large ??= new Dictionary<object, TValue>(64, ReferenceEqualityComparer.Instance);
                for (var i = 0; i < LinearLimit; i++)
                {
                    _large[_keys[i]!] = _values[i];
                }
            }

            _large![key] = value;
        }

        _count++;
    }

    public void Clear()
    {
        if (_count > LinearLimit)
        {
            // A huge dictionary is dropped rather than cleared, so one big graph does not tax every later call.
            if (_count > 4096)
            {
                _large = null;
            }
            else
            {
                _large!.Clear();
            }
        }

        Array.Clear(_keys, 0, Math.Min(_count, LinearLimit));
        if (RuntimeHelpers.IsReferenceOrContainsReferences<TValue>())
        {
            Array.Clear(_values, 0, Math.Min(_count, LinearLimit));
        }

        _count = 0;
    }
}
