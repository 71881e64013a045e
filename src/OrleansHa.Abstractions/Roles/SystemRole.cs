namespace OrleansHa.Roles;

/// <summary>A system's role in its HA group.</summary>
[GenerateSerializer, Alias("orleansha.system-role")]
public enum SystemRole
{
    /// <summary>Accepts client writes; its journals ship and its file sets run to the backups.</summary>
    Production,

    /// <summary>Receives replicas; refuses client writes (appends) and runs no file sets of its own.</summary>
    Backup,
}
