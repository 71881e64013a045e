namespace OrleansHa.Storage.Tests.AzureBlob;

/// <summary>The test classes that share one Azurite process.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "azurite";
}
