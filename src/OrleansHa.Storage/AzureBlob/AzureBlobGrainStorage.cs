using Microsoft.WindowsAzure.Storage;
using Microsoft.WindowsAzure.Storage.Blob;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace OrleansHa.Storage;

/// <summary>
/// Grain storage in Azure Blob Storage: one JSON blob per (state name, grain id) in
/// <see cref="AzureBlobStorageOptions.ContainerName"/>. The grain's ETag is the blob's ETag: a first write sends
/// <c>If-None-Match: *</c>, later writes and clears <c>If-Match: &lt;etag&gt;</c>, and a refused condition
/// (412/409) becomes <see cref="InconsistentStateException"/>.
/// </summary>
public sealed class AzureBlobGrainStorage : IGrainStorage
{
    private readonly AzureBlobContainer _container;

    /// <summary>Creates the storage; the container is created on first use.</summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public AzureBlobGrainStorage(AzureBlobStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _container = new AzureBlobContainer(options, options.ContainerName);
    }

    /// <inheritdoc/>
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        GrainStateJson.CheckArguments(stateName, grainId, grainState);
        var blob = Blob(stateName, grainId);
        using var content = new MemoryStream();
        try
        {
            await blob.DownloadToStreamAsync(content, null, _container.RequestOptions, null);
        }
        catch (StorageException ex) when (AzureBlobContainer.IsNotFound(ex))
        {
            // No blob (or no container yet): no record. The state stays as the runtime passed it.
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        catch (StorageException ex)
        {
            throw _container.Failure($"reading state '{stateName}' of grain '{grainId}' (blob '{blob.Name}')", ex);
        }

        grainState.State = GrainStateJson.Deserialize<T>(content.GetBuffer().AsSpan(0, (int)content.Length), stateName, grainId);
        grainState.ETag = blob.Properties.ETag;
        grainState.RecordExists = true;
    }

    /// <inheritdoc/>
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        GrainStateJson.CheckArguments(stateName, grainId, grainState);
        var payload = GrainStateJson.Serialize(grainState.State, stateName, grainId);
        var blob = Blob(stateName, grainId);
        blob.Properties.ContentType = "application/json";
        if (grainState.ETag is not null && !AzureBlobContainer.IsEntityTag(grainState.ETag))
        {
            throw await ConflictAsync("writing", stateName, grainId, grainState.ETag, blob, cause: null);
        }

        var condition = grainState.ETag is null
            ? AccessCondition.GenerateIfNoneMatchCondition("*")
            : AccessCondition.GenerateIfMatchCondition(grainState.ETag);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await _container.EnsureCreatedAsync();
                await blob.UploadFromByteArrayAsync(payload, 0, payload.Length, condition, _container.RequestOptions, null);
                break;
            }
            catch (StorageException ex) when (AzureBlobContainer.IsContainerMissing(ex) && attempt == 0)
            {
                _container.ForgetCreated();
                await _container.EnsureCreatedAsync();
            }
            catch (StorageException ex) when (AzureBlobContainer.IsConditionFailed(ex) || (grainState.ETag is not null && AzureBlobContainer.IsNotFound(ex)))
            {
                throw await ConflictAsync("writing", stateName, grainId, grainState.ETag, blob, ex);
            }
            catch (StorageException ex)
            {
                throw _container.Failure($"writing state '{stateName}' of grain '{grainId}' (blob '{blob.Name}')", ex);
            }
        }

        grainState.ETag = blob.Properties.ETag;
        grainState.RecordExists = true;
    }

    /// <inheritdoc/>
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        GrainStateJson.CheckArguments(stateName, grainId, grainState);
        var blob = Blob(stateName, grainId);
        if (grainState.ETag is null)
        {
            // The grain believes there is no record: that is true (nothing to do) or a conflict.
            var stored = await StoredETagAsync(blob, stateName, grainId);
            if (stored is not null)
            {
                throw new InconsistentStateException(GrainStateJson.ConflictMessage("clearing", stateName, grainId, stored, null), stored, null);
            }
        }
        else if (!AzureBlobContainer.IsEntityTag(grainState.ETag))
        {
            throw await ConflictAsync("clearing", stateName, grainId, grainState.ETag, blob, cause: null);
        }
        else
        {
            try
            {
                await blob.DeleteAsync(DeleteSnapshotsOption.None, AccessCondition.GenerateIfMatchCondition(grainState.ETag), _container.RequestOptions, null);
            }
            catch (StorageException ex) when (AzureBlobContainer.IsConditionFailed(ex) || AzureBlobContainer.IsNotFound(ex))
            {
                throw await ConflictAsync("clearing", stateName, grainId, grainState.ETag, blob, ex);
            }
            catch (StorageException ex)
            {
                throw _container.Failure($"clearing state '{stateName}' of grain '{grainId}' (blob '{blob.Name}')", ex);
            }
        }

        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private CloudBlockBlob Blob(string stateName, GrainId grainId)
        => _container.Container.GetBlockBlobReference(AzureBlobNames.GrainState(stateName, grainId.ToString()));

    private async Task<InconsistentStateException> ConflictAsync(string action, string stateName, GrainId grainId, string? given, CloudBlockBlob blob, StorageException? cause)
    {
        // Best effort, for the message only: the ETag stored now (it may change again at any moment).
        string? stored;
        try
        {
            stored = await StoredETagAsync(Fresh(blob), stateName, grainId);
        }
        catch (OrleansException)
        {
            stored = null;
        }

        var message = GrainStateJson.ConflictMessage(action, stateName, grainId, stored, given);
        return cause is null ? new InconsistentStateException(message, stored, given) : new InconsistentStateException(message, stored, given, cause);
    }

    private CloudBlockBlob Fresh(CloudBlockBlob blob) => _container.Container.GetBlockBlobReference(blob.Name);

    private async Task<string?> StoredETagAsync(CloudBlockBlob blob, string stateName, GrainId grainId)
    {
        try
        {
            await blob.FetchAttributesAsync(null, _container.RequestOptions, null);
            return blob.Properties.ETag;
        }
        catch (StorageException ex) when (AzureBlobContainer.IsNotFound(ex))
        {
            return null;
        }
        catch (StorageException ex)
        {
            throw _container.Failure($"reading the ETag of state '{stateName}' of grain '{grainId}' (blob '{blob.Name}')", ex);
        }
    }
}
