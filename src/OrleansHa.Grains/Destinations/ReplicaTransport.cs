using OrleansHa.Destinations;
using OrleansHa.Sync;

namespace OrleansHa.Grains.Destinations;

/// <summary>
/// The transports: <c>local</c> writes under the destination's directory through
/// <see cref="LocalDirectoryTarget"/>, confined to that directory (the administrator's area for this
/// destination) with the owner's uid/gid; <c>silo</c> goes through the other system's gateway (see
/// ReplicaTransport.Silo.cs), where the receiving side confines the writes to the owner's roots there.
/// </summary>
public sealed partial class ReplicaTransport(IServiceProvider services) : IReplicaTransport
{
    /// <inheritdoc />
    public Task<string?> ProbeAsync(DestinationDefinition destination, CancellationToken cancellationToken)
        => destination.Transport switch
        {
            DestinationTransport.Local => Task.FromResult(ProbeLocal(destination)),
            DestinationTransport.Silo => ProbeSiloAsync(destination, cancellationToken),
            _ => Task.FromResult<string?>($"transport {destination.Transport} is not known"),
        };

    /// <inheritdoc />
    public Task<ISyncTarget> OpenTargetAsync(DestinationDefinition destination, string targetPath, string user, AccessScope owner, bool durable, CancellationToken cancellationToken)
        => destination.Transport switch
        {
            DestinationTransport.Local => Task.FromResult(OpenLocal(destination, targetPath, owner, durable)),
            DestinationTransport.Silo => OpenSiloAsync(destination, targetPath, user, durable, cancellationToken),
            _ => throw new InvalidDefinitionException("transport", $"'{destination.Transport}' is not a transport", "local or silo"),
        };

    private static string? ProbeLocal(DestinationDefinition destination)
    {
        var directory = destination.Directory!;
        if (!Directory.Exists(directory))
        {
            return $"directory {directory} does not exist (is the share mounted?)";
        }

        try
        {
            // Listing proves the directory answers (a hung or vanished mount fails here).
            using var entries = Directory.EnumerateFileSystemEntries(directory).GetEnumerator();
            entries.MoveNext();
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"directory {directory} cannot be read: {e.Message}";
        }
    }

    private static ISyncTarget OpenLocal(DestinationDefinition destination, string targetPath, AccessScope owner, bool durable)
    {
        var baseDirectory = destination.Directory!;
        if (!Directory.Exists(baseDirectory))
        {
            // Never recreate the destination's own directory: on an unmounted share that would write
            // onto the mount point. The run waits for the destination instead.
            throw new DirectoryNotFoundException($"The destination directory {baseDirectory} does not exist (is the share mounted?).");
        }

        var root = Path.GetFullPath(Path.Combine(baseDirectory, targetPath));
        CreateParents(baseDirectory, root);
        var scope = owner with { Roots = [baseDirectory] };
        return new LocalDirectoryTarget(root, scope, durable);
    }

    /// <summary>
    /// Creates the directories between the destination's directory and the target root's parent (the
    /// target creates the root itself), one component at a time, refusing a symbolic link on the way so
    /// that nothing placed at the destination can redirect the target outside it.
    /// </summary>
    private static void CreateParents(string baseDirectory, string root)
    {
        var parent = Path.GetDirectoryName(root) ?? baseDirectory;
        var relative = Path.GetRelativePath(baseDirectory, parent);
        if (relative == "." || relative.StartsWith("..", StringComparison.Ordinal))
        {
            return;
        }

        var current = baseDirectory;
        foreach (var part in relative.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            var info = new DirectoryInfo(current);
            if (info.LinkTarget is not null)
            {
                throw new IOException($"'{current}' at the destination is a symbolic link; a target path may not pass through one.");
            }

            if (!info.Exists)
            {
                info.Create();
            }
        }
    }
}
