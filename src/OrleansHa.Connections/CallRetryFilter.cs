using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Messaging;
using OrleansHa.Security;

namespace OrleansHa.Connections;

/// <summary>
/// The client's outermost outgoing call filter: carries a call through the loss of the gateway or silo serving it.
/// A call marked <see cref="IdempotentAttribute"/> that fails because its connection failed, its message was rejected
/// (no gateway, the gateway closed, the target silo unavailable) or, once, because its answer timed out is repeated up to
/// <see cref="SystemConnectionOptions.CallRetries"/> times with a doubling wait; Orleans meanwhile moves the connection to
/// another gateway of the list. Any other call fails with a <see cref="CallInterruptedException"/> saying it may or may
/// not have run. A session token a silo refused (one that restarted with another key) is renewed once by logging in
/// again, and the call repeated: the silo's call guard refuses before any grain code runs, so that repeat is always safe.
/// </summary>
/// <remarks>
/// Orleans allows an outgoing filter to call <see cref="IGrainCallContext.Invoke"/> again: its invoker steps back to
/// this filter's stage when a call returns (<c>OutgoingCallInvoker.Invoke</c>'s <c>finally</c>), and Orleans' own tests
/// retry that way. Each repeat passes through the filters after this one again, so the session token filter puts the
/// current token on it. Registered before the session token filter for that reason.
/// </remarks>
internal sealed partial class CallRetryFilter(SystemConnectionOptions options, SessionTokenHolder holder, TimeProvider time, ILogger<CallRetryFilter> logger) : IOutgoingGrainCallFilter
{
    // Whether a method is [Idempotent], looked up once per method rather than by reflection on every call.
    private static readonly ConcurrentDictionary<MethodInfo, bool> Idempotent = new();

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        var method = context.InterfaceMethod;
        if (method?.DeclaringType?.Assembly != typeof(ILoginGrain).Assembly)
        {
            // Orleans' own calls (the cluster manifest while connecting) keep Orleans' behaviour and exceptions.
            await context.Invoke();
            return;
        }

        var idempotent = Idempotent.GetOrAdd(method, static m => m.GetCustomAttribute<IdempotentAttribute>() is not null);
        var retries = 0;
        var timedOut = false;
        var renewed = false;
        while (true)
        {
            var token = holder.Token;
            Exception failure;
            try
            {
                await context.Invoke();
                return;
            }
            catch (AccessDeniedException refused) when (!renewed && token is not null && IsTokenRefusal(refused) && method.DeclaringType != typeof(ILoginGrain))
            {
                renewed = true;
                LogTokenRefused(logger, options.SystemName, context.InterfaceName, context.MethodName, refused.Message);
                await holder.RenewAsync(token);
                continue;
            }
            catch (TimeoutException timeout) when (idempotent && !timedOut)
            {
                // One repeat only: a silo that died mid-call answers no more, and the repeat goes elsewhere; a call that
                // times out twice is slow or too large, and repeating it again would only make the caller wait longer.
                timedOut = true;
                failure = timeout;
            }
            catch (Exception lost) when (IsLostSilo(lost))
            {
                if (!idempotent)
                {
                    LogNotRepeated(logger, options.SystemName, context.InterfaceName, context.MethodName, context.TargetId, lost.Message);
                    throw new CallInterruptedException(
                        $"System {options.SystemName}: {context.InterfaceName}.{context.MethodName} on {context.TargetId} was cut off: the gateway or silo serving it went away ({lost.GetType().Name}: {FirstLine(lost.Message)}). It was not repeated because it is not safe to repeat, so it may or may not have run: check its effect and repeat it if it did not.",
                        lost);
                }

                failure = lost;
            }

            if (retries >= options.CallRetries)
            {
                throw new CallInterruptedException(
                    $"System {options.SystemName}: {context.InterfaceName}.{context.MethodName} on {context.TargetId} failed {retries + 1} times through the gateways {string.Join(", ", options.Gateways)} ({failure.GetType().Name}: {FirstLine(failure.Message)}). Check that a silo of the system runs and that its gateways are listed.",
                    failure);
            }

            retries++;
            var delay = DelayBefore(retries);
            LogRepeating(logger, options.SystemName, context.InterfaceName, context.MethodName, context.TargetId, retries, options.CallRetries, delay, failure.GetType().Name, FirstLine(failure.Message));
            await Task.Delay(delay, time);
        }
    }

    /// <summary>Whether <paramref name="failure"/> means the gateway or silo serving the call went away (not what the call did).</summary>
    internal static bool IsLostSilo(Exception failure)
        => failure is OrleansMessageRejectionException or ConnectionFailedException or GatewayTooBusyException;

    // The call guard's refusals of a token name it ("the session token expired …: log in again"); every other
    // AccessDeniedException is about what the account may do, and logging in again would not change it.
    private static bool IsTokenRefusal(AccessDeniedException refused)
        => refused.Message.StartsWith("Refused ", StringComparison.Ordinal) && refused.Message.Contains("session token", StringComparison.Ordinal);

    private static string FirstLine(string text) => text.Split('\n', 2)[0].TrimEnd();

    private TimeSpan DelayBefore(int retry)
    {
        var delay = options.CallRetryDelay * Math.Pow(2, Math.Min(retry - 1, 16));
        return delay < options.MaxCallRetryDelay ? delay : options.MaxCallRetryDelay;
    }

    [LoggerMessage(EventId = 7000, Level = LogLevel.Warning, Message = "System {System}: {Interface}.{Method} on {Target} failed ({Error}: {Reason}); repeating it ({Retry} of {Retries}) in {Delay}")]
    private static partial void LogRepeating(ILogger logger, string system, string @interface, string method, GrainId target, int retry, int retries, TimeSpan delay, string error, string reason);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "System {System}: {Interface}.{Method} on {Target} was cut off ({Reason}) and is not repeated: it is not marked [Idempotent]")]
    private static partial void LogNotRepeated(ILogger logger, string system, string @interface, string method, GrainId target, string reason);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "System {System}: a silo refused the session token on {Interface}.{Method} ({Reason}); logging in again and repeating the call")]
    private static partial void LogTokenRefused(ILogger logger, string system, string @interface, string method, string reason);
}
