using OrleansHa.Journals;

namespace OrleansHa.Silo.Hosting;

/// <summary>
/// Wakes every local journal once the silo has started, so shipping to receivers resumes from their
/// acknowledged positions at once after a restart. Without it each journal's resume reminder would do
/// the same within about a minute; this only shortens that gap.
/// </summary>
/// <remarks>Registered after <c>UseOrleans</c>, so it starts after the silo (hosted services start in order).</remarks>
internal sealed partial class JournalResumeService(IJournalStore store, IGrainFactory grains, ILogger<JournalResumeService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var names = await store.ListJournalsAsync(cancellationToken);
        foreach (var name in names)
        {
            try
            {
                // Activation starts the journal's shipping; a status read is the lightest call that activates it.
                await grains.GetGrain<IJournalGrain>(name).GetStatusAsync();
            }
            catch (Exception error)
            {
                // One journal that cannot start must not keep the silo or the other journals down; its reminder retries.
                LogResumeFailed(logger, name, error);
            }
        }

        LogResumed(logger, names.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 3260, Level = LogLevel.Information, Message = "Woke {Count} journal(s) so shipping resumes from each receiver's acknowledged position")]
    private static partial void LogResumed(ILogger logger, int count);

    [LoggerMessage(EventId = 3261, Level = LogLevel.Warning, Message = "Journal {Journal} could not be woken at start; its resume reminder will retry")]
    private static partial void LogResumeFailed(ILogger logger, string journal, Exception error);
}
