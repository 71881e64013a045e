using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace OrleansHa.Grains.Destinations;

/// <summary>
/// Validates <see cref="ReplicaReceiverOptions"/> at start; each failure names the setting and what is allowed. The
/// timeout must be shorter than the silo's response timeout, or the sender gives up first with a bare timeout; the
/// retention of staged uploads must be positive.
/// </summary>
internal sealed class ReplicaReceiverOptionsValidator(IOptions<SiloMessagingOptions> messaging) : IValidateOptions<ReplicaReceiverOptions>
{
    public ValidateOptionsResult Validate(string? name, ReplicaReceiverOptions options)
    {
        var response = messaging.Value.ResponseTimeout;
        List<string> failures = [];
        if (options.IoTimeout <= TimeSpan.Zero || options.IoTimeout >= response)
        {
            failures.Add($"ReplicaReceiver:IoTimeout is {options.IoTimeout}; allowed: more than 00:00:00 and less than the silo's response timeout ({response}).");
        }

        if (options.StagedUploadRetention <= TimeSpan.Zero)
        {
            failures.Add($"ReplicaReceiver:StagedUploadRetention is {options.StagedUploadRetention}; allowed: more than 00:00:00 (e.g. 7.00:00:00 for a week).");
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
