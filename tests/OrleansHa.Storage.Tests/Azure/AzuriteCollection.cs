namespace OrleansHa.Storage.Tests.Azure;

/// <summary>The test classes that share one Azurite process and one silo on Orleans' Azure providers.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzureProvidersFixture>
{
    public const string Name = "azurite";
}
