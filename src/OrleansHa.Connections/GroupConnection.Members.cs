using Microsoft.Extensions.Logging;
using OrleansHa.Roles;

namespace OrleansHa.Connections;

/// <summary>Connecting to the members, asking their gates, and waiting through a role change.</summary>
public sealed partial class GroupConnection
{
    private async Task<ProductionChoice> AskAsync(IReadOnlyList<GroupMemberAddress> members, CancellationToken cancellationToken)
    {
        var answers = await Task.WhenAll(members.Select(m => AskAsync(m.SystemName, cancellationToken)));
        return ProductionChoice.Choose(answers, _options.SystemName);
    }

    private async Task<MemberGate> AskAsync(string systemName, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await ConnectAsync(systemName, probing: true, cancellationToken);
            var gate = await connection.Client.GetGrain<IHaGroupGrain>(HaGroups.Default).GetGateAsync()
                .WaitAsync(_options.GateProbeTimeout, _time, cancellationToken);
            return new MemberGate(systemName, gate);
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A member that does not answer is left out of this choice; the next one asks it again.
            LogNoAnswer(_logger, systemName, failure.GetType().Name, FirstLine(failure.Message));
            return new MemberGate(systemName, null, failure is TimeoutException ? $"no answer within {_options.GateProbeTimeout.TotalSeconds:0.#} s" : FirstLine(failure.Message));
        }
    }

    private Task<SystemConnection> ConnectAsync(string systemName, bool probing, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_connections.TryGetValue(systemName, out var known) && !known.IsFaulted && !known.IsCanceled)
            {
                return known;
            }

            var member = _members.FirstOrDefault(m => string.Equals(m.SystemName, systemName, StringComparison.Ordinal))
                ?? throw new ArgumentException($"{systemName} is not a system of the group; the group has {string.Join(", ", _members.Select(m => m.SystemName))}.");
            var options = MemberOptions(member, probing);
            var connecting = SystemConnection.ConnectAsync(options, _loggerFactory, cancellationToken);
            _connections[systemName] = connecting;
            return connecting;
        }
    }

    // The member's own name and gateways; everything else (the account, TLS, timeouts, retries) as given.
    private SystemConnectionOptions MemberOptions(GroupMemberAddress member, bool probing) => new()
    {
        SystemName = member.SystemName,
        Gateways = [.. member.Gateways],
        User = _options.User,
        Secret = _options.Secret,
        UseTls = _options.UseTls,
        TrustedCertificateFile = _options.TrustedCertificateFile,
        ClientCertificateFile = _options.ClientCertificateFile,
        ClientCertificatePassword = _options.ClientCertificatePassword,
        ConnectTimeout = probing && _options.GateProbeTimeout < _options.ConnectTimeout ? _options.GateProbeTimeout : _options.ConnectTimeout,
        ResponseTimeout = _options.ResponseTimeout,
        CallRetries = _options.CallRetries,
        CallRetryDelay = _options.CallRetryDelay,
        MaxCallRetryDelay = _options.MaxCallRetryDelay,
    };

    // A production a member named (by the gateway that member reaches it at) that the client did not know of.
    private bool Discover(string systemName, string gateways)
    {
        IReadOnlyList<string> parsed;
        try
        {
            parsed = GatewayAddress.ParseList(gateways);
        }
        catch (ArgumentException)
        {
            return false;
        }

        lock (_gate)
        {
            if (_members.Any(m => string.Equals(m.SystemName, systemName, StringComparison.Ordinal)))
            {
                return false;
            }

            _members.Add(new GroupMemberAddress(systemName, parsed));
        }

        LogDiscovered(_logger, systemName, gateways);
        return true;
    }

    private async Task WaitAsync(string why, int attempt, Action<string>? waiting, CancellationToken cancellationToken)
    {
        var text = $"{why} (try {attempt} of {_options.SwitchRetries}, {_options.SwitchRetryDelay.TotalSeconds:0.###} s apart).";
        LogWaiting(_logger, attempt, _options.SwitchRetries, why);
        waiting?.Invoke(text);
        await Task.Delay(_options.SwitchRetryDelay, _time, cancellationToken);
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].TrimEnd();

    [LoggerMessage(EventId = 7200, Level = LogLevel.Information, Message = "Production chosen: {System} (switching: {Switching}); the members answered: {Answers}")]
    private static partial void LogChosen(ILogger logger, string system, bool switching, string answers);

    [LoggerMessage(EventId = 7201, Level = LogLevel.Warning, Message = "{System} refused a write as not production ({Reason}); finding production again and repeating the write once")]
    private static partial void LogRefused(ILogger logger, string system, string reason);

    [LoggerMessage(EventId = 7202, Level = LogLevel.Information, Message = "Waiting for the group's role change to end ({Attempt} of {Attempts}): {Reason}")]
    private static partial void LogWaiting(ILogger logger, int attempt, int attempts, string reason);

    [LoggerMessage(EventId = 7203, Level = LogLevel.Warning, Message = "{System} gave no gate while production was being found ({Error}: {Reason})")]
    private static partial void LogNoAnswer(ILogger logger, string system, string error, string reason);

    [LoggerMessage(EventId = 7204, Level = LogLevel.Information, Message = "A member named production {System} at {Gateways}, which the client had not been given; asking it too")]
    private static partial void LogDiscovered(ILogger logger, string system, string gateways);
}
