using OrleansHa.Connections;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>Gateway lists (<c>host:port,host:port</c>) as the CLI, the client library and the remote-system clients take them.</summary>
public sealed class GatewayListTests
{
    [Fact]
    public void ParseList_WithSeveralGateways_GivesEachTrimmedInOrder()
    {
        Assert.Equal(["10.0.0.1:30000", "prod-2:30001", "[::1]:30002"], GatewayAddress.ParseList(" 10.0.0.1:30000, prod-2:30001 ,[::1]:30002"));
    }

    [Theory]
    [InlineData("10.0.0.1:30000,nowhere", "'nowhere'")]
    [InlineData("10.0.0.1:30000,10.0.0.2:0", "'10.0.0.2:0'")]
    [InlineData("10.0.0.1:30000;10.0.0.2:30000", "'10.0.0.1:30000;10.0.0.2:30000'")]
    [InlineData(" , ", "empty")]
    [InlineData("10.0.0.1:30000,10.0.0.1:30000", "twice")]
    public void ParseList_WithABadList_ThrowsNamingTheProblem(string text, string named)
    {
        var error = Assert.Throws<ArgumentException>(() => GatewayAddress.ParseList(text));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a:1,b:2")]
    [InlineData("::1:30000")]
    [InlineData(":30000")]
    public void Parse_WithAListOrAnUnbracketedColonInTheHost_Throws(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => GatewayAddress.Parse(text));

        Assert.Contains("host:port", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenTheOptionsNameAGatewayTwice_ThrowsSayingSo()
    {
        var options = new SystemConnectionOptions { Secret = "s", Gateways = ["127.0.0.1:30000", "127.0.0.1:30000"] };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("twice", error.Message, StringComparison.Ordinal);
    }
}
