using OrleansHa.Storage.Tests.Conformance;

namespace OrleansHa.Storage.Tests.Azure;

/// <summary>Orleans' Azure table reminders (the multi-silo choice) against the same kit as our SQLite table.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureTableReminderTableConformanceTests(AzureProvidersFixture azure) : ReminderTableConformanceTests
{
    protected override IReminderTable Table => azure.Reminders;
}
