using Microsoft.WindowsAzure.Storage;
using Orleans;
using Orleans.Runtime;
using OrleansHa.Storage.Tests.Conformance;

namespace OrleansHa.Storage.Tests.AzureBlob;

/// <summary>What is particular to the blob providers: ETags are blob ETags, settings, errors.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobStorageTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task WriteStateAsync_WhenStored_ETagIsTheBlobsETag()
    {
        var storage = new AzureBlobGrainStorage(azurite.Options("etags"));
        var id = GrainId.Create("t", Guid.NewGuid().ToString("N"));
        var state = new GrainState<TestState>(new TestState { Name = "x" });

        await storage.WriteStateAsync("profile", id, state);

        var blob = CloudStorageAccount.Parse(azurite.ConnectionString).CreateCloudBlobClient()
            .GetContainerReference("etags").GetBlockBlobReference(AzureBlobNames.GrainState("profile", id.ToString()));
        await blob.FetchAttributesAsync();
        Assert.Equal(blob.Properties.ETag, state.ETag);
        Assert.Equal("application/json", blob.Properties.ContentType);
    }

    [Fact]
    public async Task ReadStateAsync_WhenContainerDoesNotExistYet_ReportsNoRecord()
    {
        var storage = new AzureBlobGrainStorage(azurite.Options("never-created"));
        var state = new GrainState<TestState>(new TestState());

        await storage.ReadStateAsync("profile", GrainId.Create("t", "k"), state);

        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task WriteStateAsync_WhenServiceUnreachable_ThrowsOrleansExceptionSayingWhatToCheck()
    {
        var options = azurite.Options();
        options.ConnectionString = options.ConnectionString.Replace($":{azurite.Port}/", ":1/", StringComparison.Ordinal);
        options.MaxRetries = 0;
        options.RequestTimeout = TimeSpan.FromSeconds(5);
        var storage = new AzureBlobGrainStorage(options);

        var ex = await Assert.ThrowsAsync<OrleansException>(() => storage.WriteStateAsync("profile", GrainId.Create("t", "k"), new GrainState<TestState>(new TestState())));

        Assert.Contains("AzureBlobStorageOptions.ConnectionString", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "grainstate", "AzureBlobStorageOptions.ConnectionString")]
    [InlineData("not a connection string", "grainstate", "AzureBlobStorageOptions.ConnectionString")]
    [InlineData(null, "Grain_State", "AzureBlobStorageOptions.ContainerName")]
    [InlineData(null, "ab", "AzureBlobStorageOptions.ContainerName")]
    public void Constructor_WhenSettingInvalid_ThrowsNamingSetting(string? connectionString, string container, string setting)
    {
        var options = azurite.Options(container);
        options.ConnectionString = connectionString ?? options.ConnectionString;

        var ex = Assert.Throws<ArgumentException>(() => new AzureBlobGrainStorage(options));

        Assert.Contains(setting, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain-name_1", "plain-name_1")]
    [InlineData("a/b", "a~2Fb")]
    [InlineData("..", "~2E~2E")]
    [InlineData("é", "~C3~A9")]
    public void Escape_WhenPartHasUnsafeCharacters_EscapesThem(string part, string expected)
    {
        Assert.Equal(expected, AzureBlobNames.Escape(part));
    }

    [Fact]
    public void Escape_WhenPartIsVeryLong_EndsInHashAndStaysShort()
    {
        var first = AzureBlobNames.Escape(new string('a', 2000));
        var second = AzureBlobNames.Escape(new string('a', 1999) + "b");

        Assert.True(first.Length <= 400);
        Assert.NotEqual(first, second);
    }
}
