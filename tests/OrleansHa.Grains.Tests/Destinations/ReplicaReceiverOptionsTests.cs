using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OrleansHa.Grains.Destinations;

namespace OrleansHa.Grains.Tests.Destinations;

/// <summary>ReplicaReceiver:IoTimeout must be positive and shorter than the silo's response timeout; StagedUploadRetention positive.</summary>
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

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void StagedUploadRetention_WhenNotPositive_IsRefusedNamingTheSetting(int hours)
    {
        using var provider = Build(null, TimeSpan.FromHours(hours));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ReplicaReceiverOptions>>().Value);

        Assert.Contains("ReplicaReceiver:StagedUploadRetention", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StagedUploadRetention_ByDefault_IsSevenDays()
    {
        using var provider = Build(null);

        Assert.Equal(TimeSpan.FromDays(7), provider.GetRequiredService<IOptions<ReplicaReceiverOptions>>().Value.StagedUploadRetention);
    }

    private static ServiceProvider Build(TimeSpan? ioTimeout, TimeSpan? retention = null)
    {
        var services = new ServiceCollection();
        services.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(30));
        services.AddReplicaReceiverOptions();
        if (ioTimeout is { } value)
        {
            services.Configure<ReplicaReceiverOptions>(o => o.IoTimeout = value);
        }

        if (retention is { } kept)
        {
            services.Configure<ReplicaReceiverOptions>(o => o.StagedUploadRetention = kept);
        }

        return services.BuildServiceProvider();
    }
}
