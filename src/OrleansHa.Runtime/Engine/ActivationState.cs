namespace OrleansHa.Runtime.Engine;

/// <summary>An activation's life: Created → Activating → Valid → Deactivating → Invalid (or Activating → Invalid on failure).</summary>
internal enum ActivationState
{
    Created,
    Activating,
    Valid,
    Deactivating,
    Invalid,
}
