namespace OrleansHa;

/// <summary>
/// Marks a grain interface method that is safe to call again with the same arguments: a second call after a first that
/// did take effect changes nothing more and answers as the first did (a read; an append that carries a request id; a
/// set to a value; a receive that ignores what it already applied). A client whose gateway or silo went away during
/// such a call repeats it through another gateway; any other call fails instead, since it may or may not have run.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class IdempotentAttribute : Attribute;
