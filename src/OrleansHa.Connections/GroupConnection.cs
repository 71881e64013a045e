using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansHa.Roles;

namespace OrleansHa.Connections;

/// <summary>
/// Connections to the systems of an HA group that follow the production role: writes (appends, definition changes) go
/// to the member whose gate says it is production with the highest epoch (<see cref="ProductionChoice.Choose"/>); reads
/// go to the home system (<see cref="SystemConnectionOptions.SystemName"/>). A write refused with
/// <see cref="WritesRefusedException"/> was not done, so it is safe to send again: production is found again and the write
/// repeated once; while the group switches roles it is repeated after <see cref="SystemConnectionOptions.SwitchRetryDelay"/>,
/// at most <see cref="SystemConnectionOptions.SwitchRetries"/> times, telling the caller it waits. With no group given,
/// writes go to the home system, and a refusal that names production's gateway is followed there. Dispose it to close
/// every connection.
/// </summary>
public sealed partial class GroupConnection : IAsyncDisposable
{
    private readonly SystemConnectionOptions _options;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Task<SystemConnection>> _connections = new(StringComparer.Ordinal);
    private readonly List<GroupMemberAddress> _members;
    private string? _production;

    /// <summary>Creates the group's connections (none is made before it is needed).</summary>
    /// <param name="options">The home system, the group's members, whom to log in as; checked here.</param>
    /// <param name="loggerFactory">Where the Orleans clients and this class log; none by default.</param>
    /// <param name="time">The clock the waits use; the system's by default.</param>
    public GroupConnection(SystemConnectionOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _loggerFactory = loggerFactory;
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)loggerFactory?.CreateLogger<GroupConnection>() ?? NullLogger.Instance;
        _members = [.. options.Group];
        if (!_members.Any(m => string.Equals(m.SystemName, options.SystemName, StringComparison.Ordinal)))
        {
            _members.Insert(0, new GroupMemberAddress(options.SystemName, [.. options.Gateways]));
        }

        // Without a group the home system takes writes until it refuses one: no gate is read on the way.
        _production = options.Group.Count == 0 ? options.SystemName : null;
    }

    /// <summary>The members known: the home system, the group's, and any a refusal named since.</summary>
    public IReadOnlyList<GroupMemberAddress> Members
    {
        get
        {
            lock (_gate)
            {
                return [.. _members];
            }
        }
    }

    /// <summary>The settings this group was made with.</summary>
    public SystemConnectionOptions Options => _options;

    /// <summary>The connection to the home system (reads, and whatever must reach that system itself).</summary>
    public Task<SystemConnection> ConnectHomeAsync(CancellationToken cancellationToken = default)
        => ConnectAsync(_options.SystemName, probing: false, cancellationToken);

    /// <summary>
    /// A connection for reads: the home system's, or, when it does not answer, the first other member's that does (reads
    /// may go to either). Throws the home system's failure when none answers.
    /// </summary>
    public async Task<SystemConnection> ConnectForReadsAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await ConnectHomeAsync(cancellationToken);
        }
        catch (SystemUnavailableException)
        {
            foreach (var member in Members.Where(m => m.SystemName != _options.SystemName))
            {
                try
                {
                    return await ConnectAsync(member.SystemName, probing: false, cancellationToken);
                }
                catch (SystemUnavailableException)
                {
                    // The next one, then.
                }
            }

            throw;
        }
    }

    /// <summary>The connection to a member by name (made on first use and kept).</summary>
    public Task<SystemConnection> ConnectAsync(string systemName, CancellationToken cancellationToken = default)
        => ConnectAsync(systemName, probing: false, cancellationToken);

    /// <summary>Asks every known member for its gate (at once, each bounded by <see cref="SystemConnectionOptions.GateProbeTimeout"/>) and chooses production.</summary>
    public async Task<ProductionChoice> FindProductionAsync(CancellationToken cancellationToken = default)
    {
        var choice = await AskAsync(Members, cancellationToken);
        if (choice.SystemName is null && !choice.Switching && choice.NamedElsewhere() is var (name, gateway) && Discover(name, gateway))
        {
            choice = await AskAsync(Members, cancellationToken);
        }

        LogChosen(_logger, choice.SystemName ?? "none", choice.Switching, choice.Summary);
        lock (_gate)
        {
            _production = choice.Switching ? null : choice.SystemName;
        }

        return choice;
    }

    /// <summary>Sends a write to production, following it as the type's summary says; answers what the write answered.</summary>
    /// <param name="write">The write; it may run more than once, but only after a <see cref="WritesRefusedException"/> (nothing was done).</param>
    /// <param name="waiting">Told, in words, each time the write waits for a role change to end.</param>
    /// <param name="cancellationToken">Ends the waits.</param>
    public async Task<T> WriteAsync<T>(Func<IClusterClient, Task<T>> write, Action<string>? waiting = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        var waits = 0;
        var refusals = 0;
        while (true)
        {
            string? target;
            lock (_gate)
            {
                target = _production;
            }

            if (target is null)
            {
                var choice = await FindProductionAsync(cancellationToken);
                if (choice.Switching && waits < _options.SwitchRetries)
                {
                    waits++;
                    await WaitAsync($"the group is changing roles ({choice.Summary}); waiting for the new production", waits, waiting, cancellationToken);
                    continue;
                }

                target = choice.SystemName ?? throw new SystemUnavailableException(
                    $"No system of the group takes writes now ({choice.Summary}). Check that production runs ('role status' on each system); with no production left, an administrator fails over to the backup ('role failover').");
            }

            var connection = await ConnectAsync(target, probing: false, cancellationToken);
            try
            {
                return await write(connection.Client);
            }
            catch (WritesRefusedException refused)
            {
                lock (_gate)
                {
                    _production = null;
                }

                if (refused is { Production: { } production, ProductionGateway: { } gateway })
                {
                    Discover(production, gateway);
                }

                if (refused.Switching)
                {
                    if (waits >= _options.SwitchRetries)
                    {
                        throw;
                    }

                    waits++;
                    await WaitAsync($"{refused.Message} Waiting for the switch-over to end", waits, waiting, cancellationToken);
                    continue;
                }

                if (++refusals > 1)
                {
                    throw;
                }

                LogRefused(_logger, target, refused.Message);
            }
        }
    }

    /// <summary>As the other overload, for a write that answers nothing.</summary>
    public Task WriteAsync(Func<IClusterClient, Task> write, Action<string>? waiting = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        return WriteAsync<bool>(async client =>
        {
            await write(client);
            return true;
        }, waiting, cancellationToken);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        List<Task<SystemConnection>> connections;
        lock (_gate)
        {
            connections = [.. _connections.Values];
            _connections.Clear();
        }

        foreach (var connecting in connections)
        {
            SystemConnection connection;
            try
            {
                connection = await connecting;
            }
            catch (Exception)
            {
                // It never connected; there is nothing to close.
                continue;
            }

            await connection.DisposeAsync();
        }
    }
}
