using Orleans.Storage;
using OrleansHa.Storage.Tests.Conformance;

namespace OrleansHa.Storage.Tests.AzureBlob;

[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobGrainStorageConformanceTests(AzuriteFixture azurite) : GrainStorageConformanceTests
{
    protected override IGrainStorage Storage { get; } = new AzureBlobGrainStorage(azurite.Options());
}
