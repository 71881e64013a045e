namespace System.Runtime.CompilerServices;

/// <summary>Recognised by the runtime by name: lets the emitted grain references implement internal grain interfaces.</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
internal sealed class IgnoresAccessChecksToAttribute(string assemblyName) : Attribute
{
    public string AssemblyName { get; } = assemblyName;
}
