using System.Globalization;
using System.Text;
using Microsoft.WindowsAzure.Storage;
using Microsoft.WindowsAzure.Storage.Blob;
using Orleans.Runtime;
using OrleansHa.Runtime.Reminders;

namespace OrleansHa.Storage;

/// <summary>
/// Reminders in Azure Blob Storage: one empty blob per reminder in
/// <see cref="AzureBlobStorageOptions.ReminderContainerName"/>, named <c>{grain}/{reminder}</c>, its fields in
/// the blob's metadata, so one listing reads a grain's (or every) reminder. The reminder's ETag is the blob's ETag;
/// removal sends <c>If-Match</c>.
/// </summary>
public sealed class AzureBlobReminderTable : IReminderTable
{
    private const string GrainType = "graintype";
    private const string GrainKey = "grainkey";
    private const string Name = "name";
    private const string StartTicks = "startticks";
    private const string PeriodTicks = "periodticks";
    private const string LastFiredTicks = "lastfiredticks";

    private readonly AzureBlobContainer _container;

    /// <summary>Creates the table; <see cref="InitializeAsync"/> creates its container.</summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public AzureBlobReminderTable(AzureBlobStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _container = new AzureBlobContainer(options, options.ReminderContainerName);
    }

    /// <inheritdoc/>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _container.EnsureCreatedAsync();
        }
        catch (StorageException ex)
        {
            throw _container.Failure("creating the reminder container", ex);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken)
        => ListAsync(prefix: null, "reading all reminders", cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        if (grainId.IsDefault)
        {
            return Task.FromException<IReadOnlyList<ReminderEntry>>(new ArgumentException("The grain id is the default (empty) id: pass the grain's own id.", nameof(grainId)));
        }

        return ListAsync(AzureBlobNames.ReminderPrefix(grainId.ToString()), $"reading the reminders of grain '{grainId}'", cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<ReminderEntry?> ReadRowAsync(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        ReminderArguments.CheckKey(grainId, reminderName);
        var blob = Blob(grainId, reminderName);
        try
        {
            await blob.FetchAttributesAsync(null, _container.RequestOptions, null, cancellationToken);
        }
        catch (StorageException ex) when (AzureBlobContainer.IsNotFound(ex))
        {
            return null;
        }
        catch (StorageException ex)
        {
            throw _container.Failure($"reading reminder '{reminderName}' of grain '{grainId}'", ex);
        }

        return ToEntry(blob);
    }

    /// <inheritdoc/>
    public async Task<string> UpsertRowAsync(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ReminderArguments.CheckKey(entry.GrainId, entry.ReminderName);
        var blob = Blob(entry.GrainId, entry.ReminderName);
        blob.Metadata[GrainType] = Encode(entry.GrainId.Type.ToString());
        blob.Metadata[GrainKey] = Encode(entry.GrainId.Key.ToString());
        blob.Metadata[Name] = Encode(entry.ReminderName);
        blob.Metadata[StartTicks] = ReminderArguments.ToUtc(entry.StartAt).Ticks.ToString(CultureInfo.InvariantCulture);
        blob.Metadata[PeriodTicks] = entry.Period.Ticks.ToString(CultureInfo.InvariantCulture);
        if (entry.LastFiredUtc is { } last)
        {
            blob.Metadata[LastFiredTicks] = ReminderArguments.ToUtc(last).Ticks.ToString(CultureInfo.InvariantCulture);
        }

        try
        {
            await _container.EnsureCreatedAsync();

            // Last writer wins: no condition.
            await blob.UploadFromByteArrayAsync([], 0, 0, null, _container.RequestOptions, null, cancellationToken);
        }
        catch (StorageException ex)
        {
            throw _container.Failure($"storing reminder '{entry.ReminderName}' of grain '{entry.GrainId}'", ex);
        }

        return blob.Properties.ETag;
    }

    /// <inheritdoc/>
    public async Task<bool> RemoveRowAsync(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        ReminderArguments.CheckKey(grainId, reminderName);
        if (string.IsNullOrEmpty(eTag) || !AzureBlobContainer.IsEntityTag(eTag))
        {
            return false; // cannot match any blob's ETag
        }

        var blob = Blob(grainId, reminderName);
        try
        {
            await blob.DeleteAsync(DeleteSnapshotsOption.None, AccessCondition.GenerateIfMatchCondition(eTag), _container.RequestOptions, null, cancellationToken);
            return true;
        }
        catch (StorageException ex) when (AzureBlobContainer.IsNotFound(ex) || AzureBlobContainer.IsConditionFailed(ex))
        {
            return false;
        }
        catch (StorageException ex)
        {
            throw _container.Failure($"removing reminder '{reminderName}' of grain '{grainId}'", ex);
        }
    }

    private CloudBlockBlob Blob(GrainId grainId, string reminderName)
        => _container.Container.GetBlockBlobReference(AzureBlobNames.Reminder(grainId.ToString(), reminderName));

    private async Task<IReadOnlyList<ReminderEntry>> ListAsync(string? prefix, string action, CancellationToken cancellationToken)
    {
        var entries = new List<ReminderEntry>();
        BlobContinuationToken? token = null;
        try
        {
            do
            {
                var segment = await _container.Container.ListBlobsSegmentedAsync(
                    prefix, true, BlobListingDetails.Metadata, null, token, _container.RequestOptions, null, cancellationToken);
                entries.AddRange(segment.Results.OfType<CloudBlockBlob>().Select(ToEntry));
                token = segment.ContinuationToken;
            }
            while (token is not null);
        }
        catch (StorageException ex) when (AzureBlobContainer.IsContainerMissing(ex))
        {
            return [];
        }
        catch (StorageException ex)
        {
            throw _container.Failure(action, ex);
        }

        return entries;
    }

    private ReminderEntry ToEntry(CloudBlob blob)
    {
        try
        {
            var metadata = blob.Metadata;
            return new ReminderEntry(
                GrainId.Create(Orleans.Runtime.GrainType.Create(Decode(metadata[GrainType])), IdSpan.Create(Decode(metadata[GrainKey]))),
                Decode(metadata[Name]),
                new DateTime(long.Parse(metadata[StartTicks], CultureInfo.InvariantCulture), DateTimeKind.Utc),
                TimeSpan.FromTicks(long.Parse(metadata[PeriodTicks], CultureInfo.InvariantCulture)),
                metadata.TryGetValue(LastFiredTicks, out var last) ? new DateTime(long.Parse(last, CultureInfo.InvariantCulture), DateTimeKind.Utc) : null,
                blob.Properties.ETag);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or FormatException or OverflowException or ArgumentException)
        {
            throw new OrleansException(
                $"The reminder blob '{blob.Name}' in container '{_container.Name}' lacks or has malformed metadata ({ex.Message}); it was not written by this table. Remove it or use another AzureBlobStorageOptions.ReminderContainerName.",
                ex);
        }
    }

    // Metadata values travel as HTTP headers: ASCII only, so text is stored as base64 of its UTF-8 bytes.
    private static string Encode(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));

    private static string Decode(string value) => Encoding.UTF8.GetString(Convert.FromBase64String(value));
}
