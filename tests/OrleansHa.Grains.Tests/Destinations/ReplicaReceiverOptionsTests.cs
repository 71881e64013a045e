using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OrleansHa.Grains.Destinations;

namespace OrleansHa.Grains.Tests.Destinations;

/// <summary>ReplicaReceiver:IoTimeout must be positive and shorter than the silo's response timeout.</summary>
public sealed class ReplicaReceiverOptionsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(30)]
    [InlineData(45)]
    public void IoTimeout_WhenNotBetweenZeroAndTheResponseTimeout_IsRefusedNamingTheSetting(int seconds)
    {
        using var provider = Build(TimeSpan.FromSeconds(seconds));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ReplicaReceiverOptions>>().Value);

        Assert.Contains("ReplicaReceiver:IoTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IoTimeout_ByDefault_IsTwentySeconds()
    {
        using var provider = Build(null);

        Assert.Equal(TimeSpan.FromSeconds(20), provider.GetRequiredService<IOptions<ReplicaReceiverOptions>>().Value.IoTimeout);
    }

    private static ServiceProvider Build(TimeSpan? ioTimeout)
    {
        var services = new ServiceCollection();
        services.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(30));
        services.AddReplicaReceiverOptions();
        if (ioTimeout is { } value)
        {
            services.Configure<ReplicaReceiverOptions>(o => o.IoTimeout = value);
        }

        return services.BuildServiceProvider();
    }
}
