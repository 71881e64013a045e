using Microsoft.Extensions.Logging;
using OrleansHa.Journals;
using OrleansHa.Roles;

namespace OrleansHa.Grains.Journals;

/// <summary>Log messages of local journals: event ids 6000-6049, and 6060-6079 for roles.</summary>
public sealed partial class JournalGrain
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Information, Message = "Journal {Journal} defined: {Receivers} receiver(s), {Rules} selection rule(s), queue limit {QueueLimit}")]
    private static partial void LogDefined(ILogger logger, string journal, int receivers, int rules, long queueLimit);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Journal {Journal} refused an append: receiver {Receiver} is {Behind} entries behind (queue limit {QueueLimit})")]
    private static partial void LogAppendRefused(ILogger logger, string journal, string receiver, long behind, long queueLimit);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Journal {Journal} local copy rejected change of {Key}: {Outcome} (change at {Timestamp:O}, record at {StoredTimestamp:O})")]
    private static partial void LogLocalRejection(ILogger logger, string journal, string key, ChangeOutcome outcome, DateTimeOffset timestamp, DateTimeOffset storedTimestamp);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "Journal {Journal} replication to {Receiver} enabled: {Enabled}")]
    private static partial void LogReplicationSwitched(ILogger logger, string journal, string receiver, bool enabled);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "Journal {Journal} could not send to {Receiver} from sequence {Sequence} (failure {Failures} in a row): {Error}")]
    private static partial void LogSendFailed(ILogger logger, string journal, string receiver, long sequence, int failures, string error);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Warning, Message = "Journal {Journal}: receiver {Receiver} rejected {Rejected} entries of {First}-{Last} by the apply rules")]
    private static partial void LogRemoteRejections(ILogger logger, string journal, string receiver, int rejected, long first, long last);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Warning, Message = "Journal {Journal}: receiver {Receiver} made no progress past {Acknowledged} (it reports {LastApplied} applied)")]
    private static partial void LogNoProgress(ILogger logger, string journal, string receiver, long acknowledged, long lastApplied);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Information, Message = "Journal {Journal}: batch to {Receiver} abandoned: {Reason}")]
    private static partial void LogShipAbandoned(ILogger logger, string journal, string receiver, string reason);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Warning, Message = "Journal {Journal}: the resume reminder could not be kept: {Error}")]
    private static partial void LogReminderFailed(ILogger logger, string journal, string error);

    [LoggerMessage(EventId = 6009, Level = LogLevel.Information, Message = "Journal {Journal}: receiver {Receiver} is acknowledged up to {Stored} in the store, ahead of this activation's {Known} (another activation shipped): shipping goes on from there")]
    private static partial void LogPositionRefreshed(ILogger logger, string journal, string receiver, long known, long stored);

    [LoggerMessage(EventId = 6060, Level = LogLevel.Information, Message = "Journal {Journal} takes the role gate: epoch {Epoch}, role {Role}, phase {Phase}, production {Production}")]
    private static partial void LogGate(ILogger logger, string journal, long epoch, string role, HaGroupPhase phase, string production);

    [LoggerMessage(EventId = 6061, Level = LogLevel.Warning, Message = "Journal {Journal} is fenced: {Receiver} is at epoch {ReceiverEpoch} (this system at {Epoch}) and refused entries {First}-{Last}; shipping to it stopped and appends are refused until this system learns the newer epoch")]
    private static partial void LogFenced(ILogger logger, string journal, string receiver, long receiverEpoch, long epoch, long first, long last);

    [LoggerMessage(EventId = 6062, Level = LogLevel.Information, Message = "Journal {Journal} learned epoch {Epoch}: the fence set by {Receiver} is lifted")]
    private static partial void LogUnfenced(ILogger logger, string journal, string receiver, long epoch);

    [LoggerMessage(EventId = 6063, Level = LogLevel.Information, Message = "Journal {Journal}: {Receiver} did not take entries {First}-{Last}: {Reason}")]
    private static partial void LogNotTaken(ILogger logger, string journal, string receiver, long first, long last, string reason);

    [LoggerMessage(EventId = 6064, Level = LogLevel.Information, Message = "Journal {Journal} took over its replica of {Former} at epoch {Epoch}: it continues after sequence {LastSequence}")]
    private static partial void LogAdopted(ILogger logger, string journal, string former, long epoch, long lastSequence);

    [LoggerMessage(EventId = 6065, Level = LogLevel.Information, Message = "Journal {Journal} became a replica of {Production} at epoch {Epoch}, fence {Fence}: {Listed} entries newly divergent, {Restored} divergent key(s) restored from its copy")]
    private static partial void LogBecameReplica(ILogger logger, string journal, string production, long epoch, long fence, int listed, int restored);

    [LoggerMessage(EventId = 6066, Level = LogLevel.Information, Message = "Journal {Journal}: {Action} of {Entries} divergent entries by {By}: {Applied} applied, {Rejected} rejected by production's apply rules")]
    private static partial void LogDivergenceResolved(ILogger logger, string journal, DivergenceAction action, int entries, int applied, int rejected, string by);
}
