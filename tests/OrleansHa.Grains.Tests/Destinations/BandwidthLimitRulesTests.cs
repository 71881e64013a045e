using OrleansHa.Destinations;
using OrleansHa.Grains.Destinations;

namespace OrleansHa.Grains.Tests.Destinations;

/// <summary>The text form of a bandwidth limit (CLI and manual) and the definition's rules for it.</summary>
public sealed class BandwidthLimitRulesTests
{
    [Theory]
    [InlineData("10MB/s", 10_000_000)]
    [InlineData("512KiB/s", 524_288)]
    [InlineData("2.5 MB", 2_500_000)]
    [InlineData("1GiB/s", 1_073_741_824)]
    [InlineData("800000", 800_000)]
    [InlineData("4mb/s", 4_000_000)]
    [InlineData("0", 0)]
    [InlineData("none", 0)]
    [InlineData("unlimited", 0)]
    public void Parse_WhenTheRateIsWellFormed_GivesBytesPerSecond(string text, long expected)
        => Assert.Equal(expected, BandwidthRate.Parse(text));

    [Theory]
    [InlineData("fast")]
    [InlineData("-5MB/s")]
    [InlineData("MB/s")]
    [InlineData("10 parsecs")]
    [InlineData("")]
    [InlineData("0.5B/s")]
    [InlineData("2TB/s")]
    public void Parse_WhenTheRateIsMalformed_RefusesNamingTheFieldAndWhatIsAllowed(string text)
    {
        var error = Assert.Throws<InvalidDefinitionException>(() => BandwidthRate.Parse(text));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("bandwidth", problem.Field);
        Assert.Equal(BandwidthRate.Allowed, problem.Allowed);
    }

    [Theory]
    [InlineData(0, "unlimited")]
    [InlineData(4_000_000, "4 MB/s")]
    [InlineData(524_288, "512 KiB/s")]
    [InlineData(1234, "1234 B/s")]
    public void Format_GivesTheRateInItsLargestExactUnit(long bytesPerSecond, string expected)
        => Assert.Equal(expected, BandwidthRate.Format(bytesPerSecond));

    [Fact]
    public void Validate_WhenALocalDestinationHasALimit_RefusesSayingItIsForSiloDestinations()
    {
        var definition = new DestinationDefinition("LOCAL", DestinationTransport.Local, "/mnt/backup", null, null, null, BandwidthLimit: 1_000_000);

        var error = Assert.Throws<InvalidDefinitionException>(() => DestinationDefinitionRules.Validate(definition, "LOCAL"));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("bandwidth", problem.Field);
        Assert.Contains("silo destination", problem.Allowed, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenASiloDestinationHasALimit_KeepsIt()
    {
        var definition = new DestinationDefinition("DR", DestinationTransport.Silo, null, "127.0.0.1:30000", "DR", "dr", BandwidthLimit: 4_000_000);

        Assert.Equal(4_000_000, DestinationDefinitionRules.Validate(definition, "DR").BandwidthLimit);
    }

    [Fact]
    public void Validate_WhenTheLimitIsNegative_Refuses()
    {
        var definition = new DestinationDefinition("DR", DestinationTransport.Silo, null, "127.0.0.1:30000", "DR", "dr", BandwidthLimit: -1);

        var error = Assert.Throws<InvalidDefinitionException>(() => DestinationDefinitionRules.Validate(definition, "DR"));

        Assert.Contains(error.Problems, p => p.Field == "bandwidth");
    }
}
