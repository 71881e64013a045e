namespace OrleansHa.Sync;

/// <summary>
/// What to copy: a source directory and the patterns that select entries under it.
/// </summary>
/// <param name="SourceRoot">An absolute directory path; after resolving symbolic links it must lie inside one of the owner's roots.</param>
/// <param name="Include">
/// Glob patterns relative to <paramref name="SourceRoot"/> ('/'-separated). Empty means everything. A pattern without '/'
/// matches a name at any depth; one with '/' matches from the root (a leading '/' is allowed and means the same).
/// <c>*</c> and <c>?</c> stay within one name, <c>**</c> spans names. A pattern that matches a directory includes all of it.
/// </param>
/// <param name="Exclude">Glob patterns as for <paramref name="Include"/>; an excluded directory is not descended into. Exclude wins over include.</param>
/// <param name="Options">How to copy.</param>
public sealed record FileSetSpec(string SourceRoot, IReadOnlyList<string> Include, IReadOnlyList<string> Exclude, SyncOptions Options);
