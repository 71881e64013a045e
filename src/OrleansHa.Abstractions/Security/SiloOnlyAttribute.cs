namespace OrleansHa.Security;

/// <summary>
/// Marks a grain interface that only silos call (the monitor, the registry, the sync workers). The silo refuses
/// every call to it that does not carry a silo's signature, whatever credential the caller holds.
/// </summary>
[AttributeUsage(AttributeTargets.Interface, Inherited = false)]
public sealed class SiloOnlyAttribute : Attribute;
