using Orleans;
using Orleans.Runtime;

namespace OrleansHa.Runtime.Engine;

/// <summary>
/// One activation of a grain. It is also the grain's <see cref="SynchronizationContext"/>: every turn (a request, a
/// continuation after an await, a timer tick) is posted here and run one at a time on the thread pool, so grain code never
/// runs on two threads at once — the turn-based model. Which requests may start is decided in the Scheduling part.
/// </summary>
internal sealed partial class ActivationData : SynchronizationContext, IGrainContext, IThreadPoolWorkItem
{
    [ThreadStatic]
    private static ActivationData? t_constructing;

    [ThreadStatic]
    private static int t_localHops;

    private readonly Lock _lock = new();
    private Queue<WorkItem>? _work;
    private bool _scheduled;
    private object? _grain;
    private GrainReference? _reference;

    public ActivationData(SiloRuntime runtime, GrainClassInfo classInfo, GrainId grainId)
    {
        Runtime = runtime;
        ClassInfo = classInfo;
        GrainId = grainId;
    }

    /// <summary>An activation around an existing object (a client observer): valid at once.</summary>
    public ActivationData(SiloRuntime runtime, GrainClassInfo classInfo, GrainId grainId, object instance)
        : this(runtime, classInfo, grainId)
    {
        _grain = instance;
        _state = ActivationState.Valid;
    }

    /// <summary>The activation whose grain is being constructed on this thread (read by <see cref="Grain"/>'s constructor).</summary>
    public static ActivationData? Constructing => t_constructing;

    public SiloRuntime Runtime { get; }

    public GrainClassInfo ClassInfo { get; }

    public GrainId GrainId { get; }

    public object? GrainInstance => _grain;

    public GrainReference GrainReference
        => _reference ??= (GrainReference)Runtime.GrainFactory.GetGrain(ClassInfo.PrimaryInterface, GrainId);

    public IServiceProvider ActivationServices => Runtime.Services;

    public string RuntimeIdentity => $"{Runtime.SiloName}/{GrainId}";

    /// <summary>The activation behind a grain instance.</summary>
    /// <exception cref="InvalidOperationException">The grain does not belong to this runtime.</exception>
    public static ActivationData Of(IGrainBase grain)
    {
        ArgumentNullException.ThrowIfNull(grain);
        return grain.GrainContext as ActivationData
            ?? throw new InvalidOperationException($"{grain.GetType().FullName} is not running in this runtime's silo.");
    }

    /// <inheritdoc/>
    public override void Post(SendOrPostCallback d, object? state) => Schedule(new WorkItem(d, state));

    /// <inheritdoc/>
    public override SynchronizationContext CreateCopy() => this;

    /// <inheritdoc/>
    public override string ToString() => $"Activation {GrainId} ({ClassInfo.ClassType.Name})";

    /// <summary>Constructs the grain instance; the first step of activation.</summary>
    private object Construct()
    {
        t_constructing = this;
        try
        {
            return ClassInfo.Create(this);
        }
        finally
        {
            t_constructing = null;
        }
    }

    private void Schedule(WorkItem item)
    {
        lock (_lock)
        {
            (_work ??= new Queue<WorkItem>()).Enqueue(item);
            if (_scheduled)
            {
                return;
            }

            _scheduled = true;
        }

        QueueOnThreadPool();
    }

    /// <summary>
    /// Queues this context on the thread pool. Mostly on the current thread's local queue, which keeps a call and its
    /// reply on one warm thread; but the pool pops local queues last-in first-out and serves the global queue only when
    /// the local one is empty, so a busy call chain could starve work waiting there. Every 32nd hop therefore goes
    /// through the global (first-in first-out) queue, letting older work in.
    /// </summary>
    private void QueueOnThreadPool()
    {
        if (++t_localHops < 32)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
            return;
        }

        t_localHops = 0;
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    // Called with _lock held; returns whether the caller must queue this context on the thread pool after releasing it.
    private bool ScheduleLocked(WorkItem item)
    {
        (_work ??= new Queue<WorkItem>()).Enqueue(item);
        if (_scheduled)
        {
            return false;
        }

        _scheduled = true;
        return true;
    }

    void IThreadPoolWorkItem.Execute()
    {
        var previous = Current;
        SetSynchronizationContext(this);
        try
        {
            // A batch bounds how long one busy activation holds a pool thread; then it queues itself again behind others.
            for (var i = 0; i < 64; i++)
            {
                WorkItem item;
                lock (_lock)
                {
                    if (_work is null || !_work.TryDequeue(out item))
                    {
                        _scheduled = false;
                        return;
                    }
                }

                Run(item);
            }

            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }

    private void Run(WorkItem item)
    {
        try
        {
            if (item.Callback is null)
            {
                ((WorkRequest)item.State!).Run(this);
            }
            else
            {
                item.Callback(item.State);
            }
        }
        catch (Exception exception)
        {
            Runtime.Log.TurnFailed(exception, GrainId);
        }
    }

    /// <summary>A turn: a callback, or (Callback null) a request to run.</summary>
    private readonly record struct WorkItem(SendOrPostCallback? Callback, object? State);
}
