using OrleansHa.Destinations;
using OrleansHa.Grains.Security;
using OrleansHa.Sync;

namespace OrleansHa.Grains.Destinations;

/// <summary>
/// The transports: <c>local</c> writes under the destination's directory through
/// <see cref="LocalDirectoryTarget"/>, each user in a prefix of their own (<c>directory/user/target</c>) and
/// confined to it, so one user's target path never reaches another user's files, with the owner's uid/gid;
/// <c>silo</c> goes through the other system's gateway (see
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
            DestinationTransport.Local => Task.FromResult(OpenLocal(destination, targetPath, user, owner, durable)),
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

    private static ISyncTarget OpenLocal(DestinationDefinition destination, string targetPath, string user, AccessScope owner, bool durable)
    {
        DefinitionRules.RequireName("owner", user);
        var baseDirectory = destination.Directory!;
        if (!Directory.Exists(baseDirectory))
        {
            // Never recreate the destination's own directory: on an unmounted share that would write
            // onto the mount point. The run waits for the destination instead.
            throw new DirectoryNotFoundException($"The destination directory {baseDirectory} does not exist (is the share mounted?).");
        }

        // The user's prefix is where the target is resolved and what it is confined to: a target path is relative to
        // it, and whatever it says (file set definitions refuse '..', but they are not the last line) the root must
        // stay inside it.
        var prefix = Path.Combine(Path.TrimEndingDirectorySeparator(Path.GetFullPath(baseDirectory)), user);
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(prefix, targetPath)));
        if (!DefinitionRules.IsInside(root, prefix))
        {
            throw new InvalidDefinitionException("target", $"'{targetPath}' leaves {user}'s area {prefix} of destination {destination.Name}", "a relative path without '..'");
        }

        CreateDirectories(baseDirectory, root == prefix ? prefix : Path.GetDirectoryName(root)!);
        var scope = owner with { Roots = [prefix] };
        return new LocalDirectoryTarget(root, scope, durable);
    }

    /// <summary>
    /// Creates the directories from the destination's directory down to <paramref name="directory"/> (the
    /// target root's parent, or the user's prefix when the target is the prefix itself; the target creates its
    /// root), one component at a time, refusing a symbolic link on the way so that nothing placed at the
    /// destination can redirect the target outside it or into another user's prefix.
    /// </summary>
    private static void CreateDirectories(string baseDirectory, string directory)
    {
        var relative = Path.GetRelativePath(baseDirectory, directory);
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
