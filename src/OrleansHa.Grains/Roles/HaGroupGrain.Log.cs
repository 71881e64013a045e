using Microsoft.Extensions.Logging;
using OrleansHa.Roles;

namespace OrleansHa.Grains.Roles;

// Event ids 7100-7149.
public sealed partial class HaGroupGrain
{
    [LoggerMessage(EventId = 7100, Level = LogLevel.Information, Message = "HA group defined on {System}: {Members} members, production {Production}, epoch {Epoch}")]
    private static partial void LogDefined(ILogger logger, string system, int members, string production, long epoch);

    [LoggerMessage(EventId = 7101, Level = LogLevel.Debug, Message = "HA group on {System}: gate epoch {Epoch}, role {Role}, phase {Phase} told to {Journals} journal(s)")]
    private static partial void LogGatePublished(ILogger logger, string system, long epoch, string role, HaGroupPhase phase, int journals);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Error, Message = "HA group on {System}: the state write at step {Step} failed ({Error}); the activation is dropped and the next one completes or undoes the change")]
    private static partial void LogSaveFailed(ILogger logger, string system, RoleChangeStep step, string error);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Warning, Message = "HA group on {System}: promoting to production at epoch {Epoch}, taking over from {Former} ({Operation})")]
    private static partial void LogPromoting(ILogger logger, string system, long epoch, string former, RoleOperation operation);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Warning, Message = "HA group on {System}: production at epoch {Epoch}, {Journals} journal(s) taken over")]
    private static partial void LogPromoted(ILogger logger, string system, long epoch, int journals);

    [LoggerMessage(EventId = 7105, Level = LogLevel.Warning, Message = "HA group on {System}: runs back to {Former} were not all queued: {Failures}")]
    private static partial void LogReverseRunsFailed(ILogger logger, string system, string former, string failures);

    [LoggerMessage(EventId = 7106, Level = LogLevel.Warning, Message = "HA group on {System}: learning epoch {Epoch}, production {Production}; becoming the backup")]
    private static partial void LogLearning(ILogger logger, string system, long epoch, string production);

    [LoggerMessage(EventId = 7107, Level = LogLevel.Warning, Message = "HA group on {System}: production {Production} gave no fence for journal {Journal}; it stays as it is")]
    private static partial void LogNoFence(ILogger logger, string system, string journal, string production);

    [LoggerMessage(EventId = 7108, Level = LogLevel.Warning, Message = "HA group on {System}: backup of {Production} at epoch {Epoch}; {Divergent} entries listed as divergence")]
    private static partial void LogLearned(ILogger logger, string system, long epoch, string production, int divergent);

    [LoggerMessage(EventId = 7109, Level = LogLevel.Information, Message = "HA group on {System}: {Runs} file set run(s) to {Target} queued ({Step})")]
    private static partial void LogRunsQueued(ILogger logger, string system, int runs, string target, string step);

    [LoggerMessage(EventId = 7110, Level = LogLevel.Warning, Message = "HA group on {System}: switch-over to {Backup} (epoch {Epoch}) started; writes refused")]
    private static partial void LogSwitchOverStarted(ILogger logger, string system, string backup, long epoch);

    [LoggerMessage(EventId = 7111, Level = LogLevel.Warning, Message = "HA group on {System}: switched over to {Backup} at epoch {Epoch}; writes were refused for {Milliseconds} ms")]
    private static partial void LogSwitchedOver(ILogger logger, string system, string backup, long epoch, double milliseconds);

    [LoggerMessage(EventId = 7112, Level = LogLevel.Warning, Message = "HA group on {System}: {Backup} did not answer the promotion to epoch {Epoch} ({Error}); writes stay refused and it is asked again")]
    private static partial void LogPromoteUnknown(ILogger logger, string system, string backup, long epoch, string error);

    [LoggerMessage(EventId = 7113, Level = LogLevel.Warning, Message = "HA group on {System}: switch-over to {Backup} rolled back: {Error}")]
    private static partial void LogRolledBack(ILogger logger, string system, string backup, string error);

    [LoggerMessage(EventId = 7114, Level = LogLevel.Information, Message = "HA group on {System}: {Operation} refused: {Error}")]
    private static partial void LogRefused(ILogger logger, string system, RoleOperation operation, string error);

    [LoggerMessage(EventId = 7115, Level = LogLevel.Debug, Message = "HA group on {System}: readiness of a switch-over to {Backup}: ready {Ready}, score {Score}")]
    private static partial void LogChecked(ILogger logger, string system, string backup, bool ready, int score);

    [LoggerMessage(EventId = 7116, Level = LogLevel.Warning, Message = "HA group on {System}: failing over from {Production} to epoch {Epoch} (automatic: {Automatic})")]
    private static partial void LogFailingOver(ILogger logger, string system, string production, long epoch, bool automatic);

    [LoggerMessage(EventId = 7117, Level = LogLevel.Information, Message = "HA group on {System}: production {Production} unreachable since {Since} ({Error})")]
    private static partial void LogProductionUnreachable(ILogger logger, string system, string production, DateTimeOffset since, string error);

    [LoggerMessage(EventId = 7118, Level = LogLevel.Warning, Message = "HA group on {System}: the automatic failover was refused: {Error}")]
    private static partial void LogAutomaticFailoverRefused(ILogger logger, string system, string error);

    [LoggerMessage(EventId = 7119, Level = LogLevel.Warning, Message = "HA group on {System}: reminder {Reminder} could not be kept: {Error}")]
    private static partial void LogReminderFailed(ILogger logger, string system, string reminder, string error);

    [LoggerMessage(EventId = 7120, Level = LogLevel.Debug, Message = "HA group on {System}: telling {Member} epoch {Epoch} failed: {Error}")]
    private static partial void LogAnnounceFailed(ILogger logger, string system, string member, long epoch, string error);

    [LoggerMessage(EventId = 7121, Level = LogLevel.Warning, Message = "HA group on {System}: {Member} answers a newer epoch {Epoch} with production {Production}; learning it")]
    private static partial void LogStale(ILogger logger, string system, string member, long epoch, string production);

    [LoggerMessage(EventId = 7122, Level = LogLevel.Information, Message = "HA group on {System}: {Members} acknowledged epoch {Epoch}")]
    private static partial void LogAnnounced(ILogger logger, string system, string members, long epoch);

    [LoggerMessage(EventId = 7123, Level = LogLevel.Warning, Message = "HA group on {System}: a {Operation} was interrupted at step {Step}; resuming or undoing it")]
    private static partial void LogRecoveryScheduled(ILogger logger, string system, RoleOperation? operation, RoleChangeStep step);

    [LoggerMessage(EventId = 7124, Level = LogLevel.Warning, Message = "HA group on {System}: recovering a {Operation} at step {Step} (epoch {Epoch})")]
    private static partial void LogResuming(ILogger logger, string system, RoleOperation? operation, RoleChangeStep step, long epoch);

    [LoggerMessage(EventId = 7125, Level = LogLevel.Warning, Message = "HA group on {System}: recovering a {Operation} at step {Step} failed ({Error}); retried by the reminder")]
    private static partial void LogResumeFailed(ILogger logger, string system, RoleOperation? operation, RoleChangeStep step, string error);

    [LoggerMessage(EventId = 7126, Level = LogLevel.Warning, Message = "HA group on {System}: {Change}")]
    private static partial void LogUndone(ILogger logger, string system, string change);

    [LoggerMessage(EventId = 7127, Level = LogLevel.Warning, Message = "HA group on {System}: switch-back of {Former} at epoch {Epoch} started")]
    private static partial void LogSwitchBackStarted(ILogger logger, string system, string former, long epoch);

    [LoggerMessage(EventId = 7128, Level = LogLevel.Warning, Message = "HA group on {System}: switch-back of {Former} ended ({Bytes} bytes copied): {Outcome}")]
    private static partial void LogSwitchBackEnded(ILogger logger, string system, string former, long bytes, string outcome);

    [LoggerMessage(EventId = 7129, Level = LogLevel.Information, Message = "HA group on {System}: divergence of {Journal} key {Key}: {Action} (dry run {DryRun}), {Entries} entries")]
    private static partial void LogDivergenceResolved(ILogger logger, string system, string journal, string key, DivergenceAction action, bool dryRun, int entries);
}
