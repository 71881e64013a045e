using OrleansHa.Grains.Roles.Readiness;
using OrleansHa.Roles;
using OrleansHa.Security;
using OrleansHa.Systems;

namespace OrleansHa.Grains.Roles;

// Readiness and what members tell each other: this system's description (SystemDescriber), the other's through the
// connector, compared by ReadinessCheck. Peer calls whose answer decides reachability are bounded by PeerTimeout.
public sealed partial class HaGroupGrain
{
    private ReadinessReport? _lastReadiness;

    /// <inheritdoc/>
    public async Task<ReadinessReport> CheckAsync()
    {
        CallerPrincipal.Current.DemandAdministrator("check the readiness of a switch-over");
        return await CheckCoreAsync();
    }

    /// <inheritdoc/>
    public async Task<ReadinessReport?> GetLastReadinessAsync()
    {
        CallerPrincipal.Current.DemandAdministrator("read the readiness of a switch-over");
        if (Gate().Role != SystemRole.Production)
        {
            return null;
        }

        if (_lastReadiness is { } last && time.GetUtcNow() - last.CheckedAt < _options.ReadinessMaxAge)
        {
            return last;
        }

        return await CheckCoreAsync();
    }

    /// <inheritdoc/>
    public async Task<SystemDescription> DescribeAsync()
    {
        CallerPrincipal.Current.DemandAdministrator("describe this system to another member");
        var gate = Gate();
        CallerPrincipal.ActAsSilo();
        return await Describer.DescribeAsync(gate, CancellationToken.None);
    }

    /// <summary>Readiness of a switch-over from this system (production) to the backup; on a backup, one item saying where to run it.</summary>
    private async Task<ReadinessReport> CheckCoreAsync()
    {
        var gate = Gate();
        var now = time.GetUtcNow();
        if (gate.Role != SystemRole.Production)
        {
            var reason = gate.Role is null
                ? $"No HA group is defined on {LocalSystem}: define it with 'role define' on each system."
                : $"{LocalSystem} is the backup (epoch {gate.Epoch}): check readiness on production, {gate.Production}.";
            return new ReadinessReport(now, gate.Production ?? LocalSystem, LocalSystem, false, 0, [new ReadinessItem(ReadinessCategory.Group, "role", false, reason)], null);
        }

        var backup = BackupName()!;
        CallerPrincipal.ActAsSilo();
        var own = await Describer.DescribeAsync(gate, CancellationToken.None);
        var sentAt = time.GetUtcNow();
        SystemDescription? other = null;
        string? unreachable = null;
        try
        {
            other = await CallPeerAsync(backup, g => g.DescribeAsync(), _options.PeerTimeout);
        }
        catch (Exception e) when (e is not AccessDeniedException)
        {
            unreachable = $"{e.GetType().Name}: {e.Message}";
        }

        var receivedAt = time.GetUtcNow();
        var report = ReadinessCheck.Evaluate(own, other, backup, unreachable, sentAt, receivedAt, _options);
        _lastReadiness = report;
        LogChecked(logger, LocalSystem, backup, report.Ready, report.Score);
        return report;
    }

    /// <summary>
    /// Calls another member's group grain through the connector with this silo's credential for it, bounded by
    /// <paramref name="timeout"/> when given (a call that does not answer in time counts as unreachable; its late answer is dropped).
    /// </summary>
    private async Task<T> CallPeerAsync<T>(string system, Func<IHaGroupGrain, Task<T>> call, TimeSpan? timeout)
    {
        var member = Member(system) ?? throw new ArgumentException($"{system} is not a member of the HA group on {LocalSystem}.", nameof(system));
        if (member.Gateway is null || member.CredentialName is null)
        {
            throw new ArgumentException($"{system} has no gateway or credential in the HA group on {LocalSystem}: define the group again naming them.", nameof(system));
        }

        CallerPrincipal.ActAsSilo();
        using var cancel = timeout is { } t ? new CancellationTokenSource(t, time) : new CancellationTokenSource();
        var factory = await Connector.ConnectAsync(new RemoteSystemAddress(member.SystemName, member.Gateway, member.CredentialName), cancel.Token);
        var task = call(factory.GetGrain<IHaGroupGrain>(HaGroups.Default));
        if (timeout is null)
        {
            return await task;
        }

        try
        {
            return await task.WaitAsync(timeout.Value, time);
        }
        catch (TimeoutException)
        {
            task.Ignore();
            throw new TimeoutException($"{system} did not answer within {timeout.Value} ({_options.PeerTimeout} is Roles:PeerTimeout).");
        }
    }

    /// <summary>
    /// Another member's gate within <see cref="RoleOptions.PeerTimeout"/>. <c>Answered</c> is true when it answered at
    /// all, even with a refusal (a wrong credential is still a living system); false when it could not be reached.
    /// </summary>
    private async Task<(RoleGate? Gate, bool Answered, string? Error)> ProbeAsync(string system)
    {
        try
        {
            return (await CallPeerAsync(system, g => g.GetGateAsync(), _options.PeerTimeout), true, null);
        }
        catch (Exception e) when (e is AccessDeniedException or InvalidOperationException)
        {
            return (null, true, $"{e.GetType().Name}: {e.Message}");
        }
        catch (Exception e) when (e is not ArgumentException)
        {
            return (null, false, $"{e.GetType().Name}: {e.Message}");
        }
    }
}
