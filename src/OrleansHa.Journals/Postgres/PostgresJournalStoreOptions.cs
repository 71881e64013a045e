using Npgsql;

namespace OrleansHa.Journals;

/// <summary>
/// The shared journal store of a system of several silos: one PostgreSQL database every silo reaches. The silo sets
/// <see cref="ConnectionString"/> from <c>--journal-connection-string</c>; the rest binds from section <c>Journals</c>
/// (the retention settings mean what they mean for the SQLite store).
/// </summary>
public sealed class PostgresJournalStoreOptions
{
    /// <summary>The configuration section the silo binds (shared with <see cref="JournalStoreOptions"/>).</summary>
    public const string SectionName = JournalStoreOptions.SectionName;

    /// <summary>
    /// Npgsql's connection string (<c>Host=db;Port=5432;Username=orleansha;Password=…;Database=orleansha</c>). Required.
    /// A secret: never logged, and never quoted in an error.
    /// </summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>At most this many connections this silo holds open to the database. Default 32; allowed 1 to 1,000.</summary>
    public int MaxPoolSize { get; set; } = 32;

    /// <summary>
    /// How long one statement may run before it fails (and its transaction rolls back), and how long the server lets
    /// one of this store's transactions sit idle before it ends it (so a silo whose machine vanished mid-transaction
    /// holds its journal's row lock no longer than this). Default 30 s; allowed 1 s to 1 hour.
    /// </summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an append's request id is remembered for retries. Default 1 day.</summary>
    public TimeSpan RequestIdRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long record history and journal activity rows are kept. Default 30 days; at least one hour.</summary>
    public TimeSpan HistoryRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long once-a-day selection marks are kept (a mark matters only on its day). Default 7 days; at least 2 days.</summary>
    public TimeSpan MarkRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often history, activity, marks and request ids past their retention are deleted. Default 10 minutes.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting that is wrong (never its secret value).</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new ArgumentException($"{SectionName}:{nameof(ConnectionString)} is missing: name the PostgreSQL database every silo shares (--journal-connection-string 'Host=…;Port=5432;Username=…;Database=…').");
        }

        NpgsqlConnectionStringBuilder parsed;
        try
        {
            parsed = new NpgsqlConnectionStringBuilder(ConnectionString);
        }
        catch (ArgumentException ex)
        {
            // Npgsql's message names the keyword, not the value; the connection string itself stays out of it.
            throw new ArgumentException($"{SectionName}:{nameof(ConnectionString)} is not an Npgsql connection string ({ex.Message}); expected 'Host=…;Port=5432;Username=…;Database=…'.");
        }

        if (string.IsNullOrWhiteSpace(parsed.Host))
        {
            throw new ArgumentException($"{SectionName}:{nameof(ConnectionString)} names no Host; expected 'Host=…;Port=5432;Username=…;Database=…'.");
        }

        if (MaxPoolSize is < 1 or > 1000)
        {
            throw new ArgumentException($"{SectionName}:{nameof(MaxPoolSize)} must be 1 to 1,000; it is {MaxPoolSize}.");
        }

        if (CommandTimeout < TimeSpan.FromSeconds(1) || CommandTimeout > TimeSpan.FromHours(1))
        {
            throw new ArgumentException($"{SectionName}:{nameof(CommandTimeout)} is {CommandTimeout}; allowed: 00:00:01 to 01:00:00.");
        }

        JournalRetentionRules.Validate(SectionName, RequestIdRetention, HistoryRetention, MarkRetention, PruneInterval);
    }

    /// <summary>The data source's connection string: the given one with this silo's pool size and command timeout.</summary>
    internal string EffectiveConnectionString() => new NpgsqlConnectionStringBuilder(ConnectionString)
    {
        MaxPoolSize = MaxPoolSize,
        CommandTimeout = (int)Math.Ceiling(CommandTimeout.TotalSeconds),
    }.ConnectionString;
}
