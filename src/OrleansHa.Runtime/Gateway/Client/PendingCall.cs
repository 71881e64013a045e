namespace OrleansHa.Runtime.Gateway.Client;

/// <summary>A request sent and not answered yet.</summary>
internal sealed class PendingCall(string callName, Type? resultType, bool isStatus, long deadline)
    : TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public string CallName { get; } = callName;

    public Type? ResultType { get; } = resultType;

    /// <summary>A status request (answered by the host, not a grain).</summary>
    public bool IsStatus { get; } = isStatus;

    /// <summary>When the call times out, in <see cref="TimeProvider.GetTimestamp"/> units.</summary>
    public long Deadline { get; } = deadline;
}
