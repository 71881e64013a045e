namespace OrleansHa.Roles;

/// <summary>
/// A write (an append, a definition change) reached a system that does not take writes now: it is the backup, or a
/// role change is under way. The message says which system is production; a client that follows the production
/// role sends the write there (see <see cref="Production"/>), or retries once <see cref="Switching"/> has passed.
/// </summary>
[GenerateSerializer, Alias("orleansha.writes-refused")]
public sealed class WritesRefusedException : OrleansHaException
{
    /// <summary>Creates the exception without a message.</summary>
    public WritesRefusedException()
    {
    }

    /// <summary>Creates the exception with a message naming the caller and what was refused.</summary>
    public WritesRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public WritesRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception from the gate that refused.</summary>
    public WritesRefusedException(RoleGate gate, string what)
        : base(gate.WriteRefusal(what) ?? $"{gate.LocalSystem} refused to {what}.")
    {
        Production = gate.Production;
        ProductionGateway = gate.ProductionGateway;
        Epoch = gate.Epoch;
        Switching = gate.Phase is HaGroupPhase.SwitchingOver or HaGroupPhase.Promoting;
    }

    /// <summary>The production system as the refusing system knows it; null when it knows none.</summary>
    [Id(0)]
    public string? Production { get; set; }

    /// <summary>Production's gateway(s) as the refusing system reaches it; null when unknown.</summary>
    [Id(1)]
    public string? ProductionGateway { get; set; }

    /// <summary>The refusing system's epoch.</summary>
    [Id(2)]
    public long Epoch { get; set; }

    /// <summary>True when a role change is under way: retry shortly, at the new production.</summary>
    [Id(3)]
    public bool Switching { get; set; }
}
