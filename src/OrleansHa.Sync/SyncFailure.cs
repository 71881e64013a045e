namespace OrleansHa.Sync;

/// <summary>A path the run could not handle.</summary>
/// <param name="Path">Relative to the source root ('/'-separated), or the root itself when empty.</param>
/// <param name="Reason">What went wrong, e.g. "permission denied for uid 1000 (mode 0600, owner 0)".</param>
public sealed record SyncFailure(string Path, string Reason);
