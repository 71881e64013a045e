namespace OrleansHa.Runtime.Serialization;

/// <summary>The originals already copied during one deep copy, so shared references and cycles keep their shape.</summary>
internal sealed class CopyContext
{
    [ThreadStatic]
    private static CopyContext? _threadCached;

    private readonly ReferenceMap<object> _copies = new();

    public static CopyContext Rent()
    {
        var context = _threadCached ?? new CopyContext();
        _threadCached = null;
        return context;
    }

    public static void Return(CopyContext context)
    {
        context._copies.Clear();
        _threadCached = context;
    }

    public bool TryGetCopy(object original, out object copy) => _copies.TryGetValue(original, out copy);

    /// <summary>Records the copy before its members are copied, so a cycle back to it finds it.</summary>
    public void Register(object original, object copy) => _copies.Add(original, copy);
}
