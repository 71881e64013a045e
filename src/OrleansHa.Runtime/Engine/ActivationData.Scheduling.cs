using Orleans.Storage;

namespace OrleansHa.Runtime.Engine;

/// <summary>
/// Which requests may start. A request starts when nothing runs, or when it interleaves: the class is [Reentrant], the
/// method is [AlwaysInterleave], the class's [MayInterleave] predicate says so, or it is [ReadOnly] and every running
/// request is read-only too. Otherwise it waits, first in first out. A non-reentrant grain thus runs one request at a
/// time across its awaits. There is no call-chain reentrancy (Orleans' default): A → B → A waits until the timeout.
/// </summary>
internal sealed partial class ActivationData
{
    private int _running;
    private int _runningReadOnly;
    private Queue<WorkRequest>? _waiting;
    private ActivationState _state;

    public ActivationState State => _state;

    public bool IsIdle => _running == 0 && (_waiting is null || _waiting.Count == 0);

    /// <summary>Queues or starts a request; false when this activation is gone and the caller must find another.</summary>
    public bool TryEnqueue(WorkRequest request)
    {
        var interleaves = Interleaves(request);
        bool activate = false, schedule = false, inline = false;
        lock (_lock)
        {
            switch (_state)
            {
                case ActivationState.Invalid:
                    return false;
                case ActivationState.Created:
                    _state = ActivationState.Activating;
                    (_waiting ??= new Queue<WorkRequest>()).Enqueue(request);
                    activate = true;
                    break;
                case ActivationState.Valid when (interleaves || _waiting is not { Count: > 0 }) && CanStart(request, interleaves):
                    inline = CanRunInlineLocked();
                    if (inline)
                    {
                        CountStartedLocked(request);
                        _scheduled = true;
                    }
                    else
                    {
                        schedule = StartLocked(request);
                    }

                    break;
                default:
                    (_waiting ??= new Queue<WorkRequest>()).Enqueue(request);
                    break;
            }
        }

        if (inline)
        {
            RunInline(request);
        }
        else if (activate)
        {
            Post(static s => _ = ((ActivationData)s!).ActivateAsync(), this);
        }
        else if (schedule)
        {
            QueueOnThreadPool();
        }

        return true;
    }

    /// <summary>Called in this context when a started request has finished.</summary>
    public void OnRequestCompleted(WorkRequest request, Exception? error)
    {
        bool schedule = false, finishDeactivation = false;
        lock (_lock)
        {
            _running--;
            if (request.IsReadOnly)
            {
                _runningReadOnly--;
            }

            if (request.CountsAsActivity)
            {
                _lastActive = Runtime.TimeProvider.GetTimestamp();
            }

            if (_state == ActivationState.Valid)
            {
                schedule = DrainLocked();
            }
            else if (_state == ActivationState.Deactivating && _running == 0 && !_deactivationPosted)
            {
                _deactivationPosted = true;
                finishDeactivation = true;
            }
        }

        if (schedule)
        {
            QueueOnThreadPool();
        }

        if (error is InconsistentStateException)
        {
            // The grain's view of its state is stale: drop the activation so the next call reads fresh state.
            StartDeactivation(new Orleans.DeactivationReason(Orleans.DeactivationReasonCode.ApplicationError, error, "InconsistentStateException escaped a grain method."));
        }

        if (finishDeactivation)
        {
            Post(static s => _ = ((ActivationData)s!).FinishDeactivationAsync(), this);
        }
    }

    private bool Interleaves(WorkRequest request)
        => ClassInfo.Reentrant
            || request.AlwaysInterleaves
            || (ClassInfo.MayInterleave is { } predicate && request is GrainCallRequest call && predicate(call));

    private bool CanStart(WorkRequest request, bool interleaves)
        => _running == 0 || interleaves || (request.IsReadOnly && _runningReadOnly == _running);

    private bool StartLocked(WorkRequest request)
    {
        CountStartedLocked(request);
        return ScheduleLocked(new WorkItem(null, request));
    }

    private void CountStartedLocked(WorkRequest request)
    {
        _running++;
        if (request.IsReadOnly)
        {
            _runningReadOnly++;
        }
    }

    // Starts waiting requests in order while they may start; drops those nobody waits for any more. Requests that
    // interleave ([AlwaysInterleave], [MayInterleave], reentrant class) do not wait behind a blocked one.
    private bool DrainLocked()
    {
        var schedule = false;
        while (_waiting is { Count: > 0 })
        {
            var head = _waiting.Peek();
            if (head.IsAbandoned)
            {
                _waiting.Dequeue();
                continue;
            }

            if (!CanStart(head, Interleaves(head)))
            {
                return schedule | StartInterleavingLocked();
            }

            _waiting.Dequeue();
            schedule |= StartLocked(head);
        }

        return schedule;
    }

    private bool StartInterleavingLocked()
    {
        var schedule = false;
        var count = _waiting!.Count;
        for (var i = 0; i < count; i++)
        {
            var request = _waiting.Dequeue();
            if (i > 0 && !request.IsAbandoned && Interleaves(request))
            {
                schedule |= StartLocked(request);
            }
            else if (!request.IsAbandoned)
            {
                _waiting.Enqueue(request);
            }
        }

        return schedule;
    }

    private List<WorkRequest> TakeWaitingLocked()
    {
        var waiting = _waiting is null ? [] : _waiting.ToList();
        _waiting = null;
        return waiting;
    }
}
