using OrleansHa.Destinations;
using OrleansHa.Grains.Security;
using OrleansHa.Sync;

namespace OrleansHa.Grains.Destinations;

/// <summary>
/// The transports: <c>local</c> writes under the destination's directory through
/// <see cref="LocalDirectoryTarget"/>, each user in a prefix of their own (<c>directory/user/target</c>) and
/// confined to it, so one user's target path never reaches another user's files; what it creates there is the owner's (uid/gid);
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
    public Task<ISyncTarget> OpenTargetAsync(DestinationDefinition destination, string targetPath, string user, AccessScope owner, bool durable, int priority, CancellationToken cancellationToken)
        => destination.Transport switch
        {
            DestinationTransport.Local => Task.FromResult(OpenLocal(destination, targetPath, user, owner, durable, (TemporaryNames?)services.GetService(typeof(TemporaryNames)))),
            DestinationTransport.Silo => OpenSiloAsync(destination, targetPath, user, durable, priority, cancellationToken),
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

    private static ISyncTarget OpenLocal(DestinationDefinition destination, string targetPath, string user, AccessScope owner, bool durable, TemporaryNames? temporaryNames)
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

        // The prefix is the system's gift to the user (they may not write in the destination's directory), so it is
        // created for them; an existing one is left as it is. Below it the target creates what is missing, for the
        // owner and only where the owner may write, and never through a link out of the prefix.
        LocalDirectoryTarget.CreateArea(prefix, owner);
        var scope = owner with { Roots = [prefix] };
        return new LocalDirectoryTarget(root, scope, durable, temporaryNames);
    }
}
