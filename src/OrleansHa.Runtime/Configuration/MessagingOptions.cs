namespace Orleans.Configuration;

/// <summary>Options shared by silo and client messaging.</summary>
public abstract class MessagingOptions
{
    /// <summary>How long a caller waits for a response before it gets a <see cref="TimeoutException"/>. Default: 30 seconds.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The response timeout while a debugger is attached. Default: 30 minutes.</summary>
    public TimeSpan ResponseTimeoutWithDebugger { get; set; } = TimeSpan.FromMinutes(30);
}
