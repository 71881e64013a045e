using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace OrleansHa.Grains.Tests.Cluster;

/// <summary>
/// Grain storage for crash tests: Orleans' memory storage behind a decorator that can make one grain's next matching
/// write fail (as a lost disk or a crash between two writes would), or hold a write or a read (an activation's) until
/// the test lets it go, so a test can act while a grain waits on its storage. Registered as the <c>Default</c> provider.
/// </summary>
public sealed class InterceptedGrainStorage(IGrainStorage inner, InterceptedGrainStorage.Rules rules) : IGrainStorage
{
    private const string InnerName = "intercepted-inner";

    /// <summary>Adds the intercepted storage as the silo's default provider, in front of memory storage.</summary>
    public static void Add(ISiloBuilder silo, Rules rules)
    {
        silo.AddMemoryGrainStorage(InnerName);
        silo.Services.AddGrainStorage("Default", (services, _) => new InterceptedGrainStorage(services.GetRequiredKeyedService<IGrainStorage>(InnerName), rules));
    }

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await rules.BeforeAsync(grainId, write: false, null);
        await inner.ReadStateAsync(stateName, grainId, grainState);
    }

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await rules.BeforeAsync(grainId, write: true, grainState.State);
        await inner.WriteStateAsync(stateName, grainId, grainState);
    }

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);

    /// <summary>What happens to the next write (whose state matches) or read of a grain; each rule applies once.</summary>
    public sealed class Rules
    {
        private readonly ConcurrentDictionary<(GrainId Grain, bool Write), Rule> _rules = new();

        /// <summary>The next write of <paramref name="grain"/> whose state matches <paramref name="when"/> fails with an IOException.</summary>
        public void FailNextWrite(IAddressable grain, Func<object?, bool>? when = null)
            => _rules[(grain.GetGrainId(), true)] = new Rule(when ?? (_ => true), Hold: null);

        /// <summary>
        /// The next write of <paramref name="grain"/> whose state matches <paramref name="when"/> waits until the
        /// returned hold is released; <see cref="Hold.Reached"/> completes once the grain is waiting on it.
        /// </summary>
        public Hold HoldNextWrite(IAddressable grain, Func<object?, bool> when)
        {
            var hold = new Hold();
            _rules[(grain.GetGrainId(), true)] = new Rule(when, hold);
            return hold;
        }

        /// <summary>The next read of <paramref name="grain"/>'s state (its next activation) waits until the hold is released.</summary>
        public Hold HoldNextRead(IAddressable grain)
        {
            var hold = new Hold();
            _rules[(grain.GetGrainId(), false)] = new Rule(_ => true, hold);
            return hold;
        }

        internal async Task BeforeAsync(GrainId grain, bool write, object? state)
        {
            if (!_rules.TryGetValue((grain, write), out var rule) || !rule.When(state) || !_rules.TryRemove(KeyValuePair.Create((grain, write), rule)))
            {
                return;
            }

            if (rule.Hold is not { } hold)
            {
                throw new IOException($"Injected: the write of {grain}'s state failed.");
            }

            hold.ReachedSource.TrySetResult();
            await hold.ReleaseSource.Task;
        }

        private sealed record Rule(Func<object?, bool> When, Hold? Hold);
    }

    /// <summary>A held write.</summary>
    public sealed class Hold
    {
        internal TaskCompletionSource ReachedSource { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        internal TaskCompletionSource ReleaseSource { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes when a grain's write is waiting on this hold.</summary>
        public Task Reached => ReachedSource.Task;

        /// <summary>Lets the held write go on.</summary>
        public void Release() => ReleaseSource.TrySetResult();
    }
}
