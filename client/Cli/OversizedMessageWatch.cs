using Microsoft.Extensions.Logging;
using Orleans.Runtime.Messaging;

namespace OrleansHa.Client.Cli;

/// <summary>
/// Watches the Orleans client's log for a message over the size limit. Orleans does not fail such a call: it closes
/// the connection, resends, and the caller waits for its response timeout (up to 10 minutes), then hears of a timeout.
/// This logger sees the <see cref="InvalidMessageFrameException"/> Orleans logs when it refuses to send, so the command
/// can stop at once and say what happened. It writes nothing anywhere.
/// </summary>
internal sealed class OversizedMessageWatch : ILoggerProvider, ILogger
{
    private readonly TaskCompletionSource<string> _seen = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with Orleans' words (the size and the limit) when a message was too large to send or receive.</summary>
    public Task<string> Seen => _seen.Task;

    /// <inheritdoc/>
    public ILogger CreateLogger(string categoryName) => this;

    /// <inheritdoc/>
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    /// <inheritdoc/>
    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    /// <inheritdoc/>
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is InvalidMessageFrameException frame)
            {
                _seen.TrySetResult(frame.Message);
                return;
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
    }
}
