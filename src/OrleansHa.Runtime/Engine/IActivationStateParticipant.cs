namespace OrleansHa.Runtime.Engine;

/// <summary>A persistent state bound to an activation, read before <c>OnActivateAsync</c>.</summary>
internal interface IActivationStateParticipant
{
    Task ReadStateAsync(CancellationToken cancellationToken);
}
