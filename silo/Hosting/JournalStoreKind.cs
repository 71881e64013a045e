namespace OrleansHa.Silo.Hosting;

/// <summary>Where the journals' durable data lives.</summary>
public enum JournalStoreKind
{
    /// <summary>journals.db in the data folder (the default, one silo).</summary>
    Sqlite,

    /// <summary>A PostgreSQL database every silo of the system reaches (<see cref="SiloHostOptions.JournalConnectionString"/>).</summary>
    Postgres,
}
