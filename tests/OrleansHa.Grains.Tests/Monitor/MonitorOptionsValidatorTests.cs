using OrleansHa.Grains.Monitoring;

namespace OrleansHa.Grains.Tests.Monitor;

public sealed class MonitorOptionsValidatorTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(60)]
    [InlineData(-5)]
    public void Validate_WhenTheProbeTimeoutIsNotBetweenZeroAndTheProbeInterval_NamesTheSettingAndTheRange(int seconds)
    {
        var options = new MonitorOptions { ProbeInterval = TimeSpan.FromMinutes(1), ProbeTimeout = TimeSpan.FromSeconds(seconds) };

        var result = new MonitorOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Monitor:ProbeTimeout", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("less than Monitor:ProbeInterval (00:01:00)", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1025)]
    public void Validate_WhenMaxConcurrentRunsIsOutOfRange_NamesTheSettingAndTheRange(int runs)
    {
        var result = new MonitorOptionsValidator().Validate(null, new MonitorOptions { MaxConcurrentRuns = runs });

        Assert.True(result.Failed);
        Assert.Contains($"Monitor:MaxConcurrentRuns is {runs}; allowed 1..1024", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TheDefaults_Pass() => Assert.True(new MonitorOptionsValidator().Validate(null, new MonitorOptions()).Succeeded);
}
