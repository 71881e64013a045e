using OrleansHa.Journals;
using OrleansHa.Systems;

namespace OrleansHa.Grains.Journals;

/// <summary>A journal activation's in-memory view of one receiver: its stored progress plus retry pacing.</summary>
internal sealed class ReceiverState(RemoteSystemAddress address)
{
    public RemoteSystemAddress Address { get; } = address;

    public long Acknowledged { get; private set; }

    public bool Enabled { get; private set; } = true;

    public long Rejected { get; private set; }

    public long Retries { get; private set; }

    public string? LastError { get; private set; }

    public DateTimeOffset? LastShippedAt { get; private set; }

    /// <summary>No send before this instant (after failures).</summary>
    public DateTimeOffset NextAttempt { get; set; } = DateTimeOffset.MinValue;

    public int FailuresInARow { get; set; }

    /// <summary>True while a batch is on its way (one at a time per receiver, so entries arrive in order).</summary>
    public bool InFlight { get; set; }

    /// <summary>
    /// True once the receiver refused a batch as fenced (it is at a newer epoch, or production): nothing more is sent to
    /// it until this system learns the newer epoch. In memory only: after a restart the next send learns it again.
    /// </summary>
    public bool Fenced { get; set; }

    public void Update(ReceiverProgress progress)
    {
        Acknowledged = progress.Acknowledged;
        Enabled = progress.Enabled;
        Rejected = progress.Rejected;
        Retries = progress.Retries;
        LastError = progress.LastError;
        LastShippedAt = progress.LastShippedAt;
    }
}
