using OrleansHa.Journals;

namespace OrleansHa.Grains.Journals;

/// <summary>
/// The sender's side of fencing. A receiver answers with its epoch and, when it did not take the batch, why: fenced
/// (it is production, or at a newer epoch than these entries: this system is a former production) or behind (it has not
/// learned the entries' epoch yet, or a role change is under way there). Only an answer at this system's epoch, to a
/// batch sent since the last role change here, moves a receiver's acknowledged position.
/// </summary>
public sealed partial class JournalGrain
{
    /// <summary>
    /// True when <paramref name="answer"/> acknowledges the batch: stored by the receiver, at this system's epoch (epoch 0
    /// on either side: that side is in no group, and no fencing applies between them, as before groups existed), and
    /// no adopt, become-replica or new gate epoch has reset positions here since the batch was sent.
    /// </summary>
    private bool Acknowledges(RemoteReceiveResult answer, long sentVersion)
        => !answer.Fenced
            && !answer.ReceiverBehind
            && sentVersion == _roleVersion
            && (answer.Epoch == _gate.Epoch || answer.Epoch == 0 || _gate.Epoch == 0);

    /// <summary>
    /// A batch the receiver did not take, or an answer that does not count. Fenced by a receiver at this system's epoch or
    /// a newer one: stop shipping to that receiver and refuse appends until the group grain pushes a gate of a newer epoch
    /// (the receiver's or later). Otherwise the
    /// receiver is learning the epoch or the answer was overtaken by a role change here: retry after the usual pause.
    /// </summary>
    private async Task RecordRefusalAsync(ReceiverState receiver, long first, long last, DateTimeOffset sentAt, RemoteReceiveResult answer)
    {
        var system = receiver.Address.SystemName;
        string error;
        var fenced = answer.Fenced && answer.Epoch >= _gate.Epoch;
        if (fenced)
        {
            error = $"fenced: {system} is production at epoch {answer.Epoch} and refused entries {first}-{last} (this system is at epoch {_gate.Epoch}); "
                + $"shipping to {system} stopped and {Local} refuses appends until it learns epoch {answer.Epoch}";
            receiver.Fenced = true;
            if (_fencedBy is null || answer.Epoch > _fencedBy.Epoch)
            {
                _fencedBy = new FencedBy(system, receiver.Address.Gateway, answer.Epoch, _gate.Epoch);
            }
        }
        else
        {
            // A receiver at an older epoch than this system that fences (it holds itself production, or these entries
            // are older than its epoch) has not learned this system's epoch yet: it is behind, not the newer production.
            error = answer.ReceiverBehind || answer.Fenced
                ? $"{system} is at epoch {answer.Epoch} and did not take entries {first}-{last} yet (this system is at epoch {_gate.Epoch}; {system} is learning it, or a role change runs there); retrying"
                : $"{system} answered entries {first}-{last} at epoch {answer.Epoch}, this system is at epoch {_gate.Epoch} (or a role change ran here meanwhile): not an acknowledgement; retrying";
        }

        // Recorded as a failed send (the receiver status shows why), positions unchanged.
        var progress = await store.RecordShipmentAsync(Name, new ShipmentReport(system, first, last, sentAt, null, error), CancellationToken.None);
        receiver.Update(progress);
        if (fenced)
        {
            await store.AddActivityAsync(new ActivityEntry(time.GetUtcNow(), Name, system, null, first, last, ActivityKind.Role, error), CancellationToken.None);
            LogFenced(logger, Name, system, answer.Epoch, _gate.Epoch, first, last);
        }
        else
        {
            Backoff(receiver);
            LogNotTaken(logger, Name, system, first, last, error);
        }
    }
}
