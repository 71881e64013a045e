using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;

namespace OrleansHa.Runtime.Engine;

/// <summary>
/// The heart of the silo: turns reference calls into requests, routes them to activations, tracks their timeouts,
/// collects idle activations and deactivates everything on shutdown.
/// </summary>
internal sealed partial class SiloRuntime : IReferenceRuntime
{
    /// <summary>The grain type of client observers' ids.</summary>
    public static readonly GrainType ObserverType = GrainType.Create("sys.observer");

    private readonly TimeSpan _defaultTimeout;
    private readonly ConcurrentDictionary<IGrainObserver, ActivationData> _observers = new(ReferenceEqualityComparer.Instance);
    private IGrainFactory? _grainFactory;
    private ActivationCollector? _collector;
    private volatile int _status;

    public SiloRuntime(
        IServiceProvider services,
        GrainClassCatalog catalog,
        IOptions<SiloMessagingOptions> messaging,
        IOptions<GrainCollectionOptions> collection,
        TimeProvider timeProvider,
        ILoggerFactory loggers,
        ValueCopier copier)
    {
        Services = services;
        Catalog = catalog;
        TimeProvider = timeProvider;
        CollectionOptions = collection.Value;
        Copier = copier;
        Log = new RuntimeLog(loggers.CreateLogger("OrleansHa.Runtime"));
        Directory = new ActivationDirectory(this);
        _defaultTimeout = messaging.Value.ResponseTimeout;
        // Short sweeps keep the tracked list small at high call rates (completed calls are dropped at each sweep).
        var sweep = TimeSpan.FromTicks(Math.Clamp(_defaultTimeout.Ticks / 10, TimeSpan.FromMilliseconds(10).Ticks, TimeSpan.FromMilliseconds(100).Ticks));
        Tracker = new CallTimeoutTracker(timeProvider, sweep, Log);
    }

    public IServiceProvider Services { get; }

    public GrainClassCatalog Catalog { get; }

    public TimeProvider TimeProvider { get; }

    public GrainCollectionOptions CollectionOptions { get; }

    public ValueCopier Copier { get; }

    public RuntimeLog Log { get; }

    public ActivationDirectory Directory { get; }

    public CallTimeoutTracker Tracker { get; }

    public string SiloName { get; set; } = "silo";

    public IGrainFactory GrainFactory => _grainFactory ??= Services.GetRequiredService<IGrainFactory>();

    public ReminderService? Reminders => Services.GetService<OrleansHa.Runtime.Reminders.IReminderTable>() is null ? null : Services.GetService<ReminderService>();

    public bool IsStopped => _status == 2;

    public Task<T> Invoke<T>(GrainReference target, GrainMethod method, object?[] arguments) => Invoke<T>(target.GrainId, method, arguments);

    public Task<T> Invoke<T>(GrainId target, GrainMethod method, object?[] arguments)
    {
        var request = new Request<T>(method, Copier.CopyArguments(method, arguments), target, CallContext.Current);
        if (method.OneWay)
        {
            Dispatch(request);
            return Task.FromResult(default(T)!);
        }

        Tracker.Track(request, method.Timeout ?? _defaultTimeout);
        Dispatch(request);
        return request.Task;
    }

    public void Dispatch(WorkRequest request)
    {
        if (_status == 2)
        {
            request.Fail(new SiloUnavailableException($"Silo {SiloName} is stopped; the call to {request.Grain} was not delivered."));
            return;
        }

        if (request.Grain.Type == ObserverType)
        {
            if (!Directory.TryGet(request.Grain, out var observer) || !observer.TryEnqueue(request))
            {
                request.Fail(new OrleansException($"Observer {request.Grain} no longer exists (DeleteObjectReference was called or its client went away)."));
            }

            return;
        }

        if (!Catalog.TryGet(request.Grain.Type, out var classInfo))
        {
            request.Fail(new ArgumentException(
                $"No grain class has grain type '{request.Grain.Type}' (grain {request.Grain}). Known types: {string.Join(", ", Catalog.Classes.Select(c => c.GrainType.ToString()).Order(StringComparer.Ordinal))}."));
            return;
        }

        Directory.Dispatch(request, classInfo);
    }

    public void Start()
    {
        _collector = new ActivationCollector(this, CollectionOptions);
        Log.SiloStarted(SiloName, Catalog.Classes.Count);
    }

    /// <summary>Clean shutdown: deactivates every activation (OnDeactivateAsync with ShuttingDown), then refuses calls.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_status != 0)
        {
            return;
        }

        _status = 1;
        _collector?.Dispose();

        // Activations created while others deactivate (OnDeactivateAsync calling a grain) are taken in the next round.
        for (var round = 0; round < 5; round++)
        {
            var all = Directory.All.Where(a => a.ClassInfo.GrainType != ObserverType).ToList();
            if (all.Count == 0)
            {
                break;
            }

            Log.SiloStopping(SiloName, all.Count);
            foreach (var activation in all)
            {
                activation.StartDeactivation(new DeactivationReason(DeactivationReasonCode.ShuttingDown, "The silo is shutting down."));
            }

            try
            {
                await Task.WhenAll(all.Select(a => a.Deactivated)).WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // The host's shutdown timeout passed (a request that never finishes): the rest is killed below.
                break;
            }
        }

        Kill();
    }

    /// <summary>Crash-like stop: nothing more runs, no OnDeactivateAsync, no final writes.</summary>
    public void Kill()
    {
        _status = 2;
        _collector?.Dispose();
        Tracker.Dispose();
        foreach (var activation in Directory.All.ToList())
        {
            activation.Kill();
            Directory.Remove(activation);
        }
    }

    public GrainId RegisterObserver(IGrainObserver observer)
    {
        var activation = _observers.GetOrAdd(observer, o =>
        {
            var created = new ActivationData(this, GrainClassInfo.ForObserver(o.GetType()), GrainId.Create(ObserverType, Guid.NewGuid().ToString("N")), o);
            Directory.Add(created);
            return created;
        });
        return activation.GrainId;
    }

    public void UnregisterObserver(IGrainObserver observer)
    {
        if (_observers.TryRemove(observer, out var activation))
        {
            activation.Kill();
            Directory.Remove(activation);
        }
    }
}
