namespace OrleansHa.Sync;

/// <summary>
/// The owner's identity and the roots they may read and write. Every source and target path must lie inside one of
/// <paramref name="Roots"/> after symbolic links are resolved. When <paramref name="Uid"/> is set and the process runs as
/// someone else (typically root), the engine reads and writes only what that uid/gid could by the mode bits.
/// </summary>
/// <param name="Roots">Absolute directory paths.</param>
/// <param name="Uid">The owner's user id, or null to rely on the process's own access.</param>
/// <param name="Gid">The owner's primary group id.</param>
/// <param name="SupplementaryGids">The owner's other groups.</param>
public sealed record AccessScope(IReadOnlyList<string> Roots, int? Uid = null, int? Gid = null, IReadOnlyList<int>? SupplementaryGids = null);
