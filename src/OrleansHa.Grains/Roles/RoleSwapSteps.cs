using OrleansHa.Roles;

namespace OrleansHa.Grains.Roles;

/// <summary>The steps of one role change as they go, each timed on the injected clock from the end of the one before.</summary>
internal sealed class RoleSwapSteps(TimeProvider time)
{
    private readonly List<RoleSwapStep> _steps = [];
    private long _mark = time.GetTimestamp();

    public IReadOnlyList<RoleSwapStep> All => _steps;

    /// <summary>Records the step that just ended.</summary>
    public void Done(string name, string detail)
    {
        var now = time.GetTimestamp();
        _steps.Add(new RoleSwapStep(name, time.GetElapsedTime(_mark, now), detail));
        _mark = now;
    }
}
