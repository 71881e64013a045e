namespace OrleansHa.Runtime.Engine;

/// <summary>What a grain interface method returns.</summary>
internal enum GrainMethodKind
{
    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,
}
