using System.Reflection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orleans.Runtime.Messaging;
using Orleans.Serialization.Invocation;
using OrleansHa.Connections;
using OrleansHa.FileSets;
using OrleansHa.Journals;
using OrleansHa.Security;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>
/// The client's retry filter on its own, with a call context that fails as a lost gateway or silo makes Orleans fail:
/// which calls it repeats, how often, how long it waits, and when it logs in again.
/// </summary>
public sealed class ClientCallRetryFilterTests
{
    private static readonly MethodInfo IdempotentRead = typeof(IJournalGrain).GetMethod(nameof(IJournalGrain.GetStatusAsync))!;
    private static readonly MethodInfo NotIdempotent = typeof(IFileSetGrain).GetMethod(nameof(IFileSetGrain.RemoveAsync))!;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 6, 0, 0, TimeSpan.Zero));
    private readonly SessionTokenHolder _holder;
    private int _logins;

    public ClientCallRetryFilterTests()
    {
        _holder = new SessionTokenHolder(_time);
        _holder.LoginAsync(() => Task.FromResult(new SessionToken($"token-{++_logins}", "admin", "administrator", _time.GetUtcNow().AddHours(1)))).GetAwaiter().GetResult();
    }

    [Fact]
    public async Task Invoke_WhenAnIdempotentCallLosesItsSilo_RepeatsItUntilItSucceeds()
    {
        var context = new FailingCallContext(IdempotentRead, new SiloUnavailableException("gone"), new ConnectionFailedException("refused"), new GatewayTooBusyException("busy"));

        await Filter(retries: 5).Invoke(context);

        Assert.Equal(4, context.Attempts);
    }

    [Fact]
    public async Task Invoke_WhenACallNotMarkedIdempotentLosesItsSilo_FailsSayingItMayHaveRunWithoutRepeating()
    {
        var lost = new SiloUnavailableException("The target silo became unavailable");
        var context = new FailingCallContext(NotIdempotent, lost);

        var error = await Assert.ThrowsAsync<CallInterruptedException>(() => Filter(retries: 5).Invoke(context));

        Assert.Equal(1, context.Attempts);
        Assert.Same(lost, error.InnerException);
        Assert.Contains("RemoveAsync", error.Message, StringComparison.Ordinal);
        Assert.Contains("may or may not have run", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_WhenEveryRepeatFails_GivesUpAfterTheConfiguredRetriesNamingTheGateways()
    {
        var context = new FailingCallContext(IdempotentRead, Enumerable.Range(0, 10).Select(_ => (Exception)new ConnectionFailedException("refused")).ToArray());

        var error = await Assert.ThrowsAsync<CallInterruptedException>(() => Filter(retries: 2).Invoke(context));

        Assert.Equal(3, context.Attempts);
        Assert.Contains("failed 3 times", error.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:30000, 127.0.0.1:30001", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_WhenAnIdempotentCallTimesOutTwice_RepeatsItOnceOnly()
    {
        var context = new FailingCallContext(IdempotentRead, new TimeoutException("first"), new TimeoutException("second"), new TimeoutException("third"));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => Filter(retries: 5).Invoke(context));

        Assert.Equal(2, context.Attempts);
        Assert.Equal("second", error.Message);
    }

    [Fact]
    public async Task Invoke_WhenACallNotMarkedIdempotentTimesOut_PassesTheTimeoutOnUnrepeated()
    {
        var context = new FailingCallContext(NotIdempotent, new TimeoutException("slow"));

        await Assert.ThrowsAsync<TimeoutException>(() => Filter(retries: 5).Invoke(context));

        Assert.Equal(1, context.Attempts);
    }

    [Fact]
    public async Task Invoke_WhenTheGrainItselfFails_PassesTheFailureOnUnrepeated()
    {
        var context = new FailingCallContext(IdempotentRead, new InvalidOperationException("the grain's own answer"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => Filter(retries: 5).Invoke(context));

        Assert.Equal(1, context.Attempts);
    }

    [Fact]
    public async Task Invoke_BeforeARepeat_WaitsTheRetryDelayOnTheClock()
    {
        var context = new FailingCallContext(IdempotentRead, new SiloUnavailableException("gone"));
        var filter = Filter(retries: 3, delay: TimeSpan.FromSeconds(1));

        var call = filter.Invoke(context);
        _time.Advance(TimeSpan.FromMilliseconds(999));

        Assert.Equal(1, context.Attempts);
        Assert.False(call.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await call;
        Assert.Equal(2, context.Attempts);
    }

    [Fact]
    public async Task Invoke_WhenASiloRefusesTheSessionToken_LogsInAgainAndRepeatsEvenACallNotMarkedIdempotent()
    {
        var context = new FailingCallContext(NotIdempotent, new AccessDeniedException("Refused IFileSetGrain.RemoveAsync on fileset/a: the session token's signature is wrong (changed, or issued by another system): log in again."));

        await Filter(retries: 0).Invoke(context);

        Assert.Equal(2, context.Attempts);
        Assert.Equal(2, _logins);
        Assert.Equal("token-2", _holder.Token!.Token);
    }

    [Fact]
    public async Task Invoke_WhenTheTokenIsRefusedAgainAfterLoggingIn_PassesTheRefusalOn()
    {
        const string Refusal = "Refused IJournalGrain.GetStatusAsync on journal/a: the session token expired at 2026-12-02 05:00:00Z: log in again.";
        var context = new FailingCallContext(IdempotentRead, new AccessDeniedException(Refusal), new AccessDeniedException(Refusal));

        await Assert.ThrowsAsync<AccessDeniedException>(() => Filter(retries: 5).Invoke(context));

        Assert.Equal(2, context.Attempts);
        Assert.Equal(2, _logins);
    }

    [Fact]
    public async Task Invoke_WhenAccessIsDeniedForWhatTheAccountMayDo_NeitherLogsInAgainNorRepeats()
    {
        var context = new FailingCallContext(IdempotentRead, new AccessDeniedException("User bob may not read journal orders: readers are alice."));

        await Assert.ThrowsAsync<AccessDeniedException>(() => Filter(retries: 5).Invoke(context));

        Assert.Equal(1, context.Attempts);
        Assert.Equal(1, _logins);
    }

    [Fact]
    public async Task Invoke_ForOrleansOwnCalls_LeavesTheirFailuresAsOrleansGaveThem()
    {
        var context = new FailingCallContext(typeof(IDisposable).GetMethod(nameof(IDisposable.Dispose))!, new SiloUnavailableException("gone"));

        await Assert.ThrowsAsync<SiloUnavailableException>(() => Filter(retries: 5).Invoke(context));

        Assert.Equal(1, context.Attempts);
    }

    [Fact]
    public void Interfaces_EveryReadAClientMakes_IsMarkedIdempotent()
    {
        var reads = typeof(IJournalGrain).Assembly.GetExportedTypes()
            .Where(t => t.IsInterface && typeof(IAddressable).IsAssignableFrom(t) && t.GetCustomAttribute<SiloOnlyAttribute>() is null)
            .SelectMany(t => t.GetMethods())
            .Where(m => m.Name.StartsWith("Get", StringComparison.Ordinal) || m.Name.StartsWith("List", StringComparison.Ordinal) || m.Name.StartsWith("Query", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(reads);
        Assert.All(reads, m => Assert.True(m.GetCustomAttribute<IdempotentAttribute>() is not null, $"{m.DeclaringType!.Name}.{m.Name} reads and should be [Idempotent]"));
    }

    private CallRetryFilter Filter(int retries, TimeSpan? delay = null)
    {
        var options = new SystemConnectionOptions
        {
            SystemName = "PROD",
            Gateways = ["127.0.0.1:30000", "127.0.0.1:30001"],
            CallRetries = retries,
            CallRetryDelay = delay ?? TimeSpan.Zero,
            MaxCallRetryDelay = TimeSpan.FromSeconds(5),
        };
        return new CallRetryFilter(options, _holder, _time, NullLogger<CallRetryFilter>.Instance);
    }

    /// <summary>A call that fails with the given exceptions, one per attempt, then succeeds.</summary>
    private sealed class FailingCallContext(MethodInfo method, params Exception[] failures) : IOutgoingGrainCallContext
    {
        public int Attempts { get; private set; }

        public IInvokable Request => throw new NotSupportedException("The filter does not read the request.");

        public object Grain => this;

        public GrainId? SourceId => null;

        public GrainId TargetId { get; } = GrainId.Create("test", "a");

        public GrainInterfaceType InterfaceType => default;

        public string InterfaceName => method.DeclaringType!.Name;

        public string MethodName => method.Name;

        public MethodInfo InterfaceMethod => method;

        public object? Result { get; set; }

        public Response? Response { get; set; }

        public IGrainContext? SourceContext => null;

        public Task Invoke()
        {
            Attempts++;
            if (Attempts <= failures.Length)
            {
                return Task.FromException(failures[Attempts - 1]);
            }

            Response = Response.Completed;
            return Task.CompletedTask;
        }
    }
}
