namespace OrleansHa.Destinations;

/// <summary>How a destination system is reached.</summary>
[GenerateSerializer, Alias("orleansha.destination-transport")]
public enum DestinationTransport
{
    /// <summary>A directory on this machine (a mounted share, or a test folder).</summary>
    Local,

    /// <summary>Another OrleansHa system, through its gateway; it writes the files on its side.</summary>
    Silo,
}
