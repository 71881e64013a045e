namespace OrleansHa.Storage;

/// <summary>Which provider holds grain state and reminders.</summary>
public enum StorageProviderKind
{
    /// <summary>One SQLite file in the silo's data folder (the embedded default).</summary>
    Sqlite = 0,

    /// <summary>Azure Blob Storage (Azurite locally), for storage several silos can share.</summary>
    AzureBlob = 1,
}
