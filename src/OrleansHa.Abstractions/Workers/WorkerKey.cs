namespace OrleansHa.Workers;

/// <summary>Builds and splits sync worker keys: <c>user|destination|batch</c>.</summary>
public static class WorkerKey
{
    /// <summary>The key of the worker for one user, destination and batch.</summary>
    public static string Format(string user, string destination, string batchId) => $"{user}|{destination}|{batchId}";

    /// <summary>Splits a worker key; throws <see cref="InvalidDefinitionException"/> when it is malformed.</summary>
    public static (string User, string Destination, string BatchId) Parse(string key)
    {
        var parts = key.Split('|');
        if (parts.Length != 3 || parts.Any(p => p.Length == 0))
        {
            throw new InvalidDefinitionException("worker", $"'{key}' is not a worker key", "user|destination|batch");
        }

        return (parts[0], parts[1], parts[2]);
    }
}
