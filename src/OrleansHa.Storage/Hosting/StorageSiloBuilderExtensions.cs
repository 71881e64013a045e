
namespace OrleansHa.Storage;

/// <summary>
/// The SQLite providers on the silo builder, in Orleans' shape: <c>silo.AddSqliteGrainStorageAsDefault(o =&gt; ...)</c>,
/// <c>silo.AddSqliteGrainStorage("archive", o =&gt; ...)</c>, <c>silo.UseSqliteReminderService(o =&gt; ...)</c>.
/// Providers whose options name the same file share it, and its one writer, with every silo in the process.
/// </summary>
public static class StorageSiloBuilderExtensions
{
    /// <summary>Adds SQLite grain storage under <paramref name="name"/>.</summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, Action<SqliteStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSqliteGrainStorage(name, configure);
        return builder;
    }

    /// <summary>Adds SQLite grain storage as the "Default" provider, used by states that name no provider.</summary>
    public static ISiloBuilder AddSqliteGrainStorageAsDefault(this ISiloBuilder builder, Action<SqliteStorageOptions> configure)
        => builder.AddSqliteGrainStorage(StorageServiceCollectionExtensions.DefaultStorageName, configure);

    /// <summary>Adds Orleans' reminder service and keeps its reminders in SQLite (the same file as grain storage when the options name the same path).</summary>
    public static ISiloBuilder UseSqliteReminderService(this ISiloBuilder builder, Action<SqliteStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddReminders();
        builder.Services.AddSqliteReminderTable(configure);
        return builder;
    }
}
