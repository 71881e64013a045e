using System.Net;
using Microsoft.WindowsAzure.Storage;
using Microsoft.WindowsAzure.Storage.Blob;
using Microsoft.WindowsAzure.Storage.RetryPolicies;
using Orleans.Runtime;

namespace OrleansHa.Storage;

/// <summary>One blob container: created on first use, with the request options every call uses.</summary>
internal sealed class AzureBlobContainer
{
    private readonly object _gate = new();
    private Task? _created;

    public AzureBlobContainer(AzureBlobStorageOptions options, string containerName)
    {
        var account = CloudStorageAccount.Parse(options.ConnectionString);
        Container = account.CreateCloudBlobClient().GetContainerReference(containerName);
        RequestOptions = new BlobRequestOptions
        {
            MaximumExecutionTime = options.RequestTimeout,
            ServerTimeout = options.RequestTimeout,
            RetryPolicy = new ExponentialRetry(TimeSpan.FromMilliseconds(500), options.MaxRetries),
        };
    }

    public CloudBlobContainer Container { get; }

    public BlobRequestOptions RequestOptions { get; }

    public string Name => Container.Name;

    /// <summary>Creates the container once; a failed attempt is retried on the next call.</summary>
    public Task EnsureCreatedAsync()
    {
        lock (_gate)
        {
            if (_created is null || _created.IsFaulted || _created.IsCanceled)
            {
                _created = Container.CreateIfNotExistsAsync(BlobContainerPublicAccessType.Off, RequestOptions, null);
            }

            return _created;
        }
    }

    /// <summary>Forgets that the container exists (someone deleted it), so the next call creates it again.</summary>
    public void ForgetCreated()
    {
        lock (_gate)
        {
            _created = null;
        }
    }

    /// <summary>
    /// Whether a string has the form of an HTTP entity tag (<c>"..."</c>), as every blob ETag has. Anything else
    /// cannot match a stored blob, and the HTTP client would refuse to send it in <c>If-Match</c>.
    /// </summary>
    public static bool IsEntityTag(string eTag)
        => eTag.Length >= 2 && eTag[^1] == '"' && (eTag[0] == '"' || eTag.StartsWith("W/\"", StringComparison.Ordinal));

    public static int Status(StorageException ex) => ex.RequestInformation?.HttpStatusCode ?? 0;

    public static string? ErrorCode(StorageException ex) => ex.RequestInformation?.ExtendedErrorInformation?.ErrorCode;

    public static bool IsContainerMissing(StorageException ex)
        => Status(ex) == (int)HttpStatusCode.NotFound && ErrorCode(ex) == "ContainerNotFound";

    public static bool IsNotFound(StorageException ex) => Status(ex) == (int)HttpStatusCode.NotFound;

    public static bool IsConditionFailed(StorageException ex)
        => Status(ex) is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.Conflict;

    /// <summary>An error for anything but an ETag conflict: what failed, the status, and what to check.</summary>
    public OrleansException Failure(string action, StorageException ex)
    {
        var status = Status(ex);
        var detail = status == 0 ? "no response" : $"HTTP {status} {ErrorCode(ex) ?? ex.RequestInformation?.HttpStatusMessage}";
        var check = status is 401 or 403
            ? "Check the account name and key in AzureBlobStorageOptions.ConnectionString."
            : "Check AzureBlobStorageOptions.ConnectionString (blob endpoint, account name and key) and that the storage account or Azurite is reachable.";
        return new OrleansException($"Azure Blob Storage failed {action} in container '{Name}' ({detail}): {ex.Message} {check}", ex);
    }
}
