using OrleansHa.Journals;

namespace OrleansHa.Grains.Journals;

/// <summary>Checks on definitions and appends: bad input fails whole, naming what is wrong and what is allowed.</summary>
public sealed partial class JournalGrain
{
    private const int MaxKeyLength = 512;
    private const int MaxRequestIdLength = 200;

    private void ValidateDefinition(JournalDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.Receivers is null || definition.Rules is null)
        {
            throw new ArgumentException("A journal definition needs a receiver list and a rule list (either may be empty).", nameof(definition));
        }

        if (definition.QueueLimit < 1)
        {
            throw new ArgumentException($"Journal '{Name}': the queue limit must be at least 1; it is {definition.QueueLimit}.", nameof(definition));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var receiver in definition.Receivers)
        {
            if (!JournalNames.IsValidSystemName(receiver.SystemName))
            {
                throw new ArgumentException($"Journal '{Name}': receiver system name '{receiver.SystemName}' is not allowed; use 1 to 64 letters, digits, '-' or '_'.", nameof(definition));
            }

            if (!names.Add(receiver.SystemName))
            {
                throw new ArgumentException($"Journal '{Name}': receiver {receiver.SystemName} is listed twice.", nameof(definition));
            }

            if (receiver.SystemName == _options.SystemName)
            {
                throw new ArgumentException($"Journal '{Name}': receiver {receiver.SystemName} is this system; a journal ships to other systems only.", nameof(definition));
            }

            if (string.IsNullOrWhiteSpace(receiver.Gateway) || receiver.Gateway.Split(',', StringSplitOptions.TrimEntries).Any(g => g.LastIndexOf(':') <= 0))
            {
                throw new ArgumentException($"Journal '{Name}': receiver {receiver.SystemName} needs its gateway as host:port, or several separated by commas; it is '{receiver.Gateway}'.", nameof(definition));
            }

            if (string.IsNullOrWhiteSpace(receiver.CredentialName))
            {
                throw new ArgumentException($"Journal '{Name}': receiver {receiver.SystemName} needs the name of a credential to log in with.", nameof(definition));
            }
        }

        SelectionEvaluator.Validate(definition.Rules);
    }

    private void ValidateAppend(string requestId, JournalChange[] changes)
    {
        if (string.IsNullOrWhiteSpace(requestId) || requestId.Length > MaxRequestIdLength)
        {
            throw new ArgumentException($"An append needs a request id of 1 to {MaxRequestIdLength} characters (a client retrying sends the same one).", nameof(requestId));
        }

        if (changes is null || changes.Length == 0 || changes.Length > _options.MaxAppendBatch)
        {
            throw new ArgumentException($"An append takes 1 to {_options.MaxAppendBatch:N0} changes; this one has {changes?.Length ?? 0}.", nameof(changes));
        }

        for (var i = 0; i < changes.Length; i++)
        {
            var change = changes[i] ?? throw new ArgumentException($"Change {i} is null.", nameof(changes));
            var where = $"Change {i} (key '{change.Key}')";
            if (string.IsNullOrEmpty(change.Key) || change.Key.Length > MaxKeyLength)
            {
                throw new ArgumentException($"Change {i}: a key must be 1 to {MaxKeyLength} characters.", nameof(changes));
            }

            if (change.Timestamp == default)
            {
                throw new ArgumentException($"{where}: a timestamp is required; the apply rules compare it.", nameof(changes));
            }

            switch (change.Kind)
            {
                case JournalChangeKind.Put when change.Fields is null:
                    throw new ArgumentException($"{where}: a Put carries the whole record's fields (an empty set is allowed, none is not).", nameof(changes));
                case JournalChangeKind.Patch when change.Fields is null || change.Fields.Count == 0:
                    throw new ArgumentException($"{where}: a Patch names at least one field.", nameof(changes));
                case JournalChangeKind.Delete when change.Fields is { Count: > 0 }:
                    throw new ArgumentException($"{where}: a Delete carries no fields.", nameof(changes));
                case not (JournalChangeKind.Put or JournalChangeKind.Patch or JournalChangeKind.Delete):
                    throw new ArgumentException($"{where}: kind {change.Kind} is not one of Put, Patch, Delete.", nameof(changes));
            }

            if (change.Fields is not null && change.Fields.Keys.Any(string.IsNullOrEmpty))
            {
                throw new ArgumentException($"{where}: field names must not be empty.", nameof(changes));
            }

            // Checked here, before anything is stored: an entry larger than a shipping batch could never be shipped.
            var size = JournalEntrySize.Of(change);
            if (size > _options.MaxEntryBytes)
            {
                throw new ArgumentException(
                    $"{where} is {size:N0} bytes; a journal entry may be at most {_options.MaxEntryBytes:N0} bytes (Journals:MaxEntryBytes), so that it fits a shipping batch. Nothing of this append was stored: split the record, or raise Journals:MaxEntryBytes (at most Journals:MaxShipBatchBytes, {_options.MaxShipBatchBytes:N0}).",
                    nameof(changes));
            }
        }
    }
}
