using OrleansHa.Runtime.Reminders;
using OrleansHa.Storage.Tests.Conformance;

namespace OrleansHa.Storage.Tests.AzureBlob;

[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobReminderTableConformanceTests(AzuriteFixture azurite) : ReminderTableConformanceTests
{
    protected override IReminderTable Table { get; } = new AzureBlobReminderTable(azurite.Options());
}
