using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace OrleansHa.Grains.Destinations;

/// <summary>Registers the replica receiver's settings.</summary>
public static class ReplicaReceiverServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ReplicaReceiverOptions"/> (section <c>ReplicaReceiver</c> of <paramref name="configuration"/>
    /// when given), validated at start. Without it the receiver uses the defaults.
    /// </summary>
    public static IServiceCollection AddReplicaReceiverOptions(this IServiceCollection services, IConfiguration? configuration = null)
    {
        var options = services.AddOptions<ReplicaReceiverOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection(ReplicaReceiverOptions.SectionName));
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReplicaReceiverOptions>, ReplicaReceiverOptionsValidator>());
        return services;
    }
}
