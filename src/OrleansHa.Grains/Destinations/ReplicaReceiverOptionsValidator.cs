using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace OrleansHa.Grains.Destinations;

/// <summary>
/// Validates <see cref="ReplicaReceiverOptions"/> at start; each failure names the setting and what is allowed. The
/// timeout must be shorter than the silo's response timeout, or the sender gives up first with a bare timeout.
/// </summary>
internal sealed class ReplicaReceiverOptionsValidator(IOptions<SiloMessagingOptions> messaging) : IValidateOptions<ReplicaReceiverOptions>
{
    public ValidateOptionsResult Validate(string? name, ReplicaReceiverOptions options)
    {
        var response = messaging.Value.ResponseTimeout;
        return options.IoTimeout <= TimeSpan.Zero || options.IoTimeout >= response
            ? ValidateOptionsResult.Fail($"ReplicaReceiver:IoTimeout is {options.IoTimeout}; allowed: more than 00:00:00 and less than the silo's response timeout ({response}).")
            : ValidateOptionsResult.Success;
    }
}
