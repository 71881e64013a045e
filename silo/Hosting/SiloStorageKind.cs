namespace OrleansHa.Silo.Hosting;

/// <summary>Where the silo keeps grain state and reminders.</summary>
public enum SiloStorageKind
{
    /// <summary>One SQLite database file in the data folder (the default).</summary>
    Sqlite,

    /// <summary>Azure Blob Storage (Azurite locally); needs <see cref="SiloHostOptions.AzureConnectionString"/>.</summary>
    AzureBlob,

    /// <summary>Process memory: everything is lost when the silo stops. For trying things out and tests.</summary>
    Memory,
}
