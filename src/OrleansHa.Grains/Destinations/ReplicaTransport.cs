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
        var root = Path.GetFullPath(Path.Combine(destination.Directory!, targetPath));
        var scope = owner with { Roots = [destination.Directory!] };
        return new LocalDirectoryTarget(root, scope, durable);
    }
}
