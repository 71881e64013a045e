using Orleans.Storage;
using OrleansHa.Storage.Tests.Conformance;

namespace OrleansHa.Storage.Tests.Azure;

/// <summary>Orleans' Azure blob grain storage (the multi-silo choice) against the same kit as our SQLite storage.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobGrainStorageConformanceTests(AzureProvidersFixture azure) : GrainStorageConformanceTests
{
    protected override IGrainStorage Storage => azure.Storage;
}
