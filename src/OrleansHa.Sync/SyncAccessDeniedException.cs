namespace OrleansHa.Sync;

/// <summary>The owner (or the process) may not read or write a path; reported per path, the run goes on.</summary>
public sealed class SyncAccessDeniedException(string message) : UnauthorizedAccessException(message);
