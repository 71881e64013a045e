using Microsoft.WindowsAzure.Storage;

namespace OrleansHa.Storage;

/// <summary>Settings of the Azure Blob Storage grain storage and reminder table (Azurite locally).</summary>
public sealed class AzureBlobStorageOptions
{
    /// <summary>
    /// The storage account's connection string. Required, no default. For Azurite:
    /// <c>DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=...;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;</c>
    /// or <c>UseDevelopmentStorage=true</c> for Azurite on its default port.
    /// </summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>The container holding grain state, one blob per grain state. Default <c>grainstate</c> (as in Orleans).</summary>
    public string ContainerName { get; set; } = "grainstate";

    /// <summary>The container holding reminders, one blob per reminder. Default <c>reminders</c>.</summary>
    public string ReminderContainerName { get; set; } = "reminders";

    /// <summary>The longest one operation may take, retries included. Default 30 seconds; 1 second to 10 minutes.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a failed request (timeouts, 5xx) is retried, with exponential back-off. Default 3; 0 to 10.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Checks the settings; throws <see cref="ArgumentException"/> naming the setting and what is allowed.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new ArgumentException(
                "AzureBlobStorageOptions.ConnectionString is required: set it to the storage account's connection string (for Azurite, 'UseDevelopmentStorage=true' or one naming its BlobEndpoint).",
                nameof(ConnectionString));
        }

        if (!CloudStorageAccount.TryParse(ConnectionString, out var account) || account.BlobEndpoint is null)
        {
            throw new ArgumentException(
                "AzureBlobStorageOptions.ConnectionString is not a valid Azure Storage connection string with a blob endpoint (expected 'DefaultEndpointsProtocol=...;AccountName=...;AccountKey=...;' and optionally 'BlobEndpoint=...').",
                nameof(ConnectionString));
        }

        CheckContainerName(ContainerName, "AzureBlobStorageOptions.ContainerName", nameof(ContainerName));
        CheckContainerName(ReminderContainerName, "AzureBlobStorageOptions.ReminderContainerName", nameof(ReminderContainerName));
        if (RequestTimeout < TimeSpan.FromSeconds(1) || RequestTimeout > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentException(
                $"AzureBlobStorageOptions.RequestTimeout {RequestTimeout} is out of range: allowed 1 second to 10 minutes.",
                nameof(RequestTimeout));
        }

        if (MaxRetries is < 0 or > 10)
        {
            throw new ArgumentException($"AzureBlobStorageOptions.MaxRetries {MaxRetries} is out of range: allowed 0 to 10.", nameof(MaxRetries));
        }
    }

    // Azure's rule: 3 to 63 characters, lowercase letters, digits and single hyphens, starting and ending with a letter or digit.
    private static void CheckContainerName(string name, string setting, string parameter)
    {
        var valid = name is { Length: >= 3 and <= 63 }
            && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
            && name[0] != '-' && name[^1] != '-'
            && !name.Contains("--", StringComparison.Ordinal);
        if (!valid)
        {
            throw new ArgumentException(
                $"{setting} '{name}' is not a valid container name: use 3 to 63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.",
                parameter);
        }
    }
}
