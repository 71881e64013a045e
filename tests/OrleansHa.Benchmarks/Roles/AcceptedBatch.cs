namespace OrleansHa.Benchmarks.Roles;

/// <summary>A batch a system acknowledged during a load run.</summary>
/// <param name="At">When it was acknowledged, from the run's start.</param>
/// <param name="Journal">The journal's index.</param>
/// <param name="System">The system that acknowledged it.</param>
/// <param name="First">Its first sequence.</param>
/// <param name="Last">Its last sequence.</param>
internal sealed record AcceptedBatch(TimeSpan At, int Journal, string System, long First, long Last);
