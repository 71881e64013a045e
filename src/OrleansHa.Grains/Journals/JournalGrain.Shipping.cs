using OrleansHa.Journals;

namespace OrleansHa.Grains.Journals;

/// <summary>
/// Shipping. Order of events for one batch: read entries after the receiver's acknowledged position from the store;
/// send them; the remote journal stores and applies them durably and answers its last applied sequence; only then is
/// that position recorded here as acknowledged (and entries every receiver has are dropped). A crash anywhere in
/// between resends from the last recorded position, and the remote journal ignores what it already applied —
/// so nothing is lost and nothing applied twice.
/// </summary>
public sealed partial class JournalGrain
{
    private const string ResumeReminder = "journal-resume";
    private IGrainTimer? _timer;
    private bool _shipping;
    private bool _reminderKept;

    /// <inheritdoc/>
    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // Activation already started the timer; a tick here only makes sure shipping looks at once.
        Wake();
        return Task.CompletedTask;
    }

    /// <summary>Learns whether a resume reminder is registered from an earlier activation, so it is dropped once idle.</summary>
    private async Task FindResumeReminderAsync()
    {
        try
        {
            _reminderKept = await this.GetReminder(ResumeReminder) is not null;
        }
        catch (Exception e) when (e is ReminderException or InvalidOperationException or OrleansException)
        {
            LogReminderFailed(logger, Name, e.Message);
        }
    }

    private void StartShipping()
        => _timer ??= this.RegisterGrainTimer(ShipAsync, new GrainTimerCreationOptions(_options.ShipInterval, _options.ShipInterval) { Interleave = true });

    /// <summary>Makes the timer fire now, unless a shipping pass is running (it picks new entries up before it ends).</summary>
    private void Wake()
    {
        if (!_shipping && _receivers.Values.Any(r => r.Enabled && !r.Fenced && r.Acknowledged < _lastSequence))
        {
            _timer?.Change(TimeSpan.Zero, _options.ShipInterval);
        }
    }

    private async Task ShipAsync(CancellationToken cancellationToken)
    {
        if (_shipping)
        {
            return;
        }

        _shipping = true;
        var shipped = false;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var now = time.GetUtcNow();
                var due = _receivers.Values
                    .Where(r => r.Enabled && !r.InFlight && !r.Fenced && r.Acknowledged < _lastSequence && r.NextAttempt <= now)
                    .ToList();
                if (due.Count == 0)
                {
                    break;
                }

                shipped = true;
                await Task.WhenAll(due.Select(r => ShipBatchAsync(r, cancellationToken)));
            }
        }
        finally
        {
            _shipping = false;
        }

        // Under a steady flow the journal is current one moment and behind the next: drop the reminder only on a
        // tick that found nothing to do, rather than writing the reminder table on every pass.
        await KeepResumeReminderAsync(mayDrop: !shipped);
    }

    /// <summary>
    /// Ships to one receiver until it is current or a send fails. Pipelined for catch-up: the next page is read while
    /// a batch is on its way, and a batch's acknowledgement is written while the next batch is on its way. Sends stay
    /// strictly one after another, so they arrive in order; acknowledgements are written in order through the store's
    /// single writer. A crash between the two loses only the record of an acknowledgement, which a resend repairs.
    /// </summary>
    private async Task ShipBatchAsync(ReceiverState receiver, CancellationToken cancellationToken)
    {
        receiver.InFlight = true;
        Task<ReceiverProgress>? pendingAck = null;
        try
        {
            var from = receiver.Acknowledged;
            Task<IReadOnlyList<JournalEntry>>? next = store.ReadEntriesAsync(Name, from, _options.ShipBatchSize, _options.MaxShipBatchBytes, cancellationToken);
            while (next is not null && receiver.Enabled && !cancellationToken.IsCancellationRequested)
            {
                var entries = await next;
                if (entries.Count == 0 || entries[0].Sequence != from + 1)
                {
                    if (from < _lastSequence)
                    {
                        await SettleAsync(receiver, pendingAck);
                        pendingAck = null;
                        if (await RefreshFromStoreAsync(receiver, cancellationToken) > from)
                        {
                            // Another activation of this journal (on another silo, in the window where a system of
                            // several silos has two) shipped these entries, recorded the acknowledgement and dropped
                            // them: the store holds the position, not this activation's memory. Go on from there.
                            LogPositionRefreshed(logger, Name, receiver.Address.SystemName, from, receiver.Acknowledged);
                            from = receiver.Acknowledged;
                            next = store.ReadEntriesAsync(Name, from, _options.ShipBatchSize, _options.MaxShipBatchBytes, cancellationToken);
                            continue;
                        }

                        var first = entries.Count == 0 ? _lastSequence + 1 : entries[0].Sequence;
                        await RecordFailureAsync(receiver, from + 1, from + 1, time.GetUtcNow(),
                            $"entries {from + 1} to {first - 1} are no longer held here (dropped after every receiver acknowledged them); resynchronize {receiver.Address.SystemName}");
                    }

                    return;
                }

                // A page ends at ShipBatchSize entries or MaxShipBatchBytes bytes: read on while entries remain after it.
                next = entries[^1].Sequence < _lastSequence ? store.ReadEntriesAsync(Name, entries[^1].Sequence, _options.ShipBatchSize, _options.MaxShipBatchBytes, cancellationToken) : null;
                var sentAt = time.GetUtcNow();
                var sentVersion = _roleVersion;
                RemoteReceiveResult answer;
                try
                {
                    var factory = await connector.ConnectAsync(receiver.Address, cancellationToken);
                    answer = await factory.GetGrain<IRemoteJournalGrain>(JournalNames.Remote(Name, _options.SystemName)).ReceiveAsync([.. entries]);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    await SettleAsync(receiver, pendingAck);
                    pendingAck = null;
                    await RecordFailureAsync(receiver, entries[0].Sequence, entries[^1].Sequence, sentAt, $"{e.GetType().Name}: {e.Message}");
                    return;
                }

                await SettleAsync(receiver, pendingAck);
                pendingAck = null;
                if (!Acknowledges(answer, sentVersion))
                {
                    await RecordRefusalAsync(receiver, entries[0].Sequence, entries[^1].Sequence, sentAt, answer);
                    return;
                }

                pendingAck = store.RecordShipmentAsync(Name, new ShipmentReport(receiver.Address.SystemName, entries[0].Sequence, entries[^1].Sequence, sentAt, answer, null), cancellationToken);
                if (answer.Rejected > 0)
                {
                    LogRemoteRejections(logger, Name, receiver.Address.SystemName, answer.Rejected, entries[0].Sequence, entries[^1].Sequence);
                }

                if (answer.GapRefused || answer.LastApplied != entries[^1].Sequence)
                {
                    // The receiver stands somewhere else than expected: settle, then go on from where it says it is.
                    await SettleAsync(receiver, pendingAck);
                    pendingAck = null;
                    if (receiver.Acknowledged <= from)
                    {
                        // No progress (a refused gap that points backwards, or a receiver that lost its store): pace the retries.
                        Backoff(receiver);
                        LogNoProgress(logger, Name, receiver.Address.SystemName, from, answer.LastApplied);
                        return;
                    }

                    from = receiver.Acknowledged;
                    next = store.ReadEntriesAsync(Name, from, _options.ShipBatchSize, _options.MaxShipBatchBytes, cancellationToken);
                    continue;
                }

                receiver.FailuresInARow = 0;
                receiver.NextAttempt = DateTimeOffset.MinValue;
                from = answer.LastApplied;
                if (next is null && from < _lastSequence)
                {
                    // Appends arrived while this batch was on its way.
                    next = store.ReadEntriesAsync(Name, from, _options.ShipBatchSize, _options.MaxShipBatchBytes, cancellationToken);
                }
            }
        }
        catch (ArgumentException e)
        {
            // The receiver was dropped from the definition while a batch was on its way.
            LogShipAbandoned(logger, Name, receiver.Address.SystemName, e.Message);
        }
        finally
        {
            try
            {
                await SettleAsync(receiver, pendingAck);
            }
            catch (ArgumentException)
            {
                // Dropped receiver: already logged above.
            }
            finally
            {
                receiver.InFlight = false;
            }
        }
    }

    private static async Task SettleAsync(ReceiverState receiver, Task<ReceiverProgress>? pendingAck)
    {
        if (pendingAck is not null)
        {
            receiver.Update(await pendingAck);
        }
    }

    private async Task RecordFailureAsync(ReceiverState receiver, long first, long last, DateTimeOffset sentAt, string error)
    {
        var progress = await store.RecordShipmentAsync(Name, new ShipmentReport(receiver.Address.SystemName, first, last, sentAt, null, error), CancellationToken.None);
        receiver.Update(progress);
        Backoff(receiver);
        LogSendFailed(logger, Name, receiver.Address.SystemName, first, receiver.FailuresInARow, error);
    }

    /// <summary>
    /// Takes the store's last sequence and this receiver's acknowledged position where they are ahead of this
    /// activation's (another activation appended or shipped); returns the receiver's position.
    /// </summary>
    private async Task<long> RefreshFromStoreAsync(ReceiverState? receiver, CancellationToken cancellationToken)
    {
        var stored = await store.GetLocalStateAsync(Name, cancellationToken);
        _lastSequence = Math.Max(_lastSequence, stored.LastSequence);
        foreach (var progress in stored.Receivers)
        {
            if (_receivers.TryGetValue(progress.SystemName, out var known) && progress.Acknowledged > known.Acknowledged)
            {
                known.Update(progress);
            }
        }

        return receiver?.Acknowledged ?? 0;
    }

    private void Backoff(ReceiverState receiver)
    {
        receiver.FailuresInARow++;
        var factor = Math.Pow(2, Math.Min(receiver.FailuresInARow - 1, 16));
        var delay = TimeSpan.FromTicks((long)Math.Min(_options.RetryDelay.Ticks * factor, _options.MaxRetryDelay.Ticks));
        receiver.NextAttempt = time.GetUtcNow() + delay;
    }

    /// <summary>Keeps the resume reminder while any receiver is behind, and drops it once all are current.</summary>
    private async Task KeepResumeReminderAsync(bool mayDrop = false)
    {
        var behind = _receivers.Values.Any(r => r.Acknowledged < _lastSequence);
        if (behind == _reminderKept || (!behind && !mayDrop))
        {
            return;
        }

        try
        {
            if (!behind)
            {
                // Dropped only when the store agrees: another activation of this journal (two silos, in the
                // duplicate-activation window) may have appended entries this one never saw, and after a silo dies
                // only the reminder wakes the journal to ship them.
                await RefreshFromStoreAsync(null, CancellationToken.None);
                if (_receivers.Values.Any(r => r.Acknowledged < _lastSequence))
                {
                    Wake();
                    return;
                }
            }

            if (behind)
            {
                await this.RegisterOrUpdateReminder(ResumeReminder, _options.ResumeReminderPeriod, _options.ResumeReminderPeriod);
            }
            else if (await this.GetReminder(ResumeReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            _reminderKept = behind;
        }
        catch (Exception e) when (e is ReminderException or InvalidOperationException or OrleansException)
        {
            // Shipping goes on while the grain is active; only the wake-up after a restart depends on the reminder.
            LogReminderFailed(logger, Name, e.Message);
        }
    }
}
