namespace Orleans;

/// <summary>On a grain class: its activations are never collected when idle.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public class KeepAliveAttribute : Attribute
{
}
