namespace OrleansHa.Runtime.Serialization;

/// <summary>A type as named in a message: a name and type arguments, resolved on first use.</summary>
internal sealed class WireTypeSpec(string name, WireTypeSpec[] arguments)
{
    public string Name { get; } = name;

    public WireTypeSpec[] Arguments { get; } = arguments;

    public Type? Resolved { get; set; }

    public override string ToString()
        => Arguments.Length == 0 ? Name : $"{Name}[{string.Join(", ", Arguments.Select(a => a.ToString()))}]";
}
