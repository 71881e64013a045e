namespace OrleansHa.Storage;

/// <summary>
/// The silo's storage, chosen with one setting: <see cref="Provider"/>. Bind it from configuration, e.g.
/// <c>Storage:Provider=AzureBlob</c> and <c>Storage:AzureBlob:ConnectionString=...</c>.
/// </summary>
public sealed class OrleansHaStorageOptions
{
    /// <summary>The provider for the default grain storage and the reminders. Default <see cref="StorageProviderKind.Sqlite"/>.</summary>
    public StorageProviderKind Provider { get; set; } = StorageProviderKind.Sqlite;

    /// <summary>The SQLite settings, used when <see cref="Provider"/> is <see cref="StorageProviderKind.Sqlite"/>.</summary>
    public SqliteStorageOptions Sqlite { get; set; } = new();

    /// <summary>The Azure Blob settings, used when <see cref="Provider"/> is <see cref="StorageProviderKind.AzureBlob"/>.</summary>
    public AzureBlobStorageOptions AzureBlob { get; set; } = new();

    /// <summary>Checks the chosen provider's settings; throws <see cref="ArgumentException"/> naming the setting.</summary>
    public void Validate()
    {
        switch (Provider)
        {
            case StorageProviderKind.Sqlite:
                Sqlite.Validate();
                break;
            case StorageProviderKind.AzureBlob:
                AzureBlob.Validate();
                break;
            default:
                throw new ArgumentException(
                    $"OrleansHaStorageOptions.Provider '{Provider}' is not a storage provider: allowed {string.Join(", ", Enum.GetNames<StorageProviderKind>())}.",
                    nameof(Provider));
        }
    }
}
