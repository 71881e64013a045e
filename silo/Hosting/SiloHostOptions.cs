namespace OrleansHa.Silo.Hosting;

/// <summary>
/// The silo's settings, bound from the <c>Silo</c> section: <c>appsettings.json</c>, then environment
/// variables prefixed <c>ORLEANSHA_</c> (e.g. <c>ORLEANSHA_Silo__SystemName=BACKUP</c>), then the command line
/// (<c>--system-name BACKUP</c> or <c>--Silo:SystemName BACKUP</c>); later sources win. Every default lets
/// <c>dotnet run --project silo</c> start on a fresh clone with no configuration.
/// </summary>
public sealed class SiloHostOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Silo";

    /// <summary>This system's name, e.g. <c>PROD</c> or <c>BACKUP</c>: 1-32 letters, digits, '-' or '_'. Default <c>LOCAL</c>.</summary>
    public string SystemName { get; set; } = "LOCAL";

    /// <summary>The folder for the database, the credentials file and the logs; created when missing. Default <c>./data</c> (relative to the working directory).</summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>The gateway's listening address, <c>ip:port</c>. Default <c>127.0.0.1:30000</c> (loopback only); <c>0.0.0.0:30000</c> accepts remote clients and then needs TLS (or <see cref="Insecure"/>).</summary>
    public string Gateway { get; set; } = "127.0.0.1:30000";

    /// <summary>The silo-to-silo endpoint, <c>ip:port</c>. Default <c>127.0.0.1:11111</c>; silos on one machine need one each.</summary>
    public string SiloEndpoint { get; set; } = "127.0.0.1:11111";

    /// <summary>
    /// Accept a gateway beyond loopback without TLS. Default false: such a gateway is refused at start, since every
    /// session token would cross the network in the clear.
    /// </summary>
    public bool Insecure { get; set; }

    /// <summary>Demand a client certificate from every gateway client (mutual TLS; needs <see cref="TlsCertificateFile"/>). Default false.</summary>
    public bool RequireClientCertificate { get; set; }

    /// <summary>How long a session token from a login stays valid. Default one hour; allowed one minute to one day.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The file holding the key only this system's silos know (signs session tokens and silo calls). Default <c>silo.key</c> in the data folder, generated on first start (mode 0600).</summary>
    public string? SigningKeyFile { get; set; }

    /// <summary>The HTTP health endpoint's address, <c>ip:port</c> (serves <c>GET /health</c>). Default <c>127.0.0.1:30080</c>.</summary>
    public string Health { get; set; } = "127.0.0.1:30080";

    /// <summary>
    /// How the silos of this system find each other: <c>localhost</c> (one silo, the default) or <c>azure</c> (any
    /// number of silos sharing Orleans' Azure Table membership in <see cref="AzureConnectionString"/>). In <c>azure</c>
    /// mode grain state and reminders are in Azure Storage too, and <see cref="JournalStore"/> must be shared.
    /// </summary>
    public string Cluster { get; set; } = "localhost";

    /// <summary>
    /// The address other silos and clients reach this silo at, when it listens on 0.0.0.0 in cluster mode (a
    /// container's own address). Default: the listening address, or loopback when that is loopback or 0.0.0.0 and the
    /// cluster is <c>localhost</c>, or this machine's first IPv4 address when the cluster is <c>azure</c>.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>
    /// Where journals keep their entries, positions, records, history and activity: <c>sqlite</c> (journals.db in the
    /// data folder, the default) or <c>postgres</c> (a PostgreSQL database every silo of the system reaches, given by
    /// <see cref="JournalConnectionString"/>). Cluster mode <c>azure</c> needs <c>postgres</c>.
    /// </summary>
    public string JournalStore { get; set; } = "sqlite";

    /// <summary>The PostgreSQL connection string (Npgsql's form, e.g. <c>Host=db;Port=5432;Username=orleansha;Password=…;Database=orleansha</c>) when <see cref="JournalStore"/> is <c>postgres</c>. Default none. Never logged.</summary>
    public string? JournalConnectionString { get; set; }

    /// <summary>Where grain state and reminders live: <c>sqlite</c>, <c>azureblob</c> or <c>memory</c>. Default <c>sqlite</c>; <c>azureblob</c> when <see cref="Cluster"/> is <c>azure</c> (the only one allowed there).</summary>
    public string? Storage { get; set; }

    /// <summary>The Azure Storage connection string; required when <see cref="Storage"/> is <c>azureblob</c>. Default none.</summary>
    public string? AzureConnectionString { get; set; }

    /// <summary>The blob container for grain state when <see cref="Storage"/> is <c>azureblob</c>; reminders go to <c>{AzureContainer}-reminders</c>. Default <c>grainstate</c>.</summary>
    public string AzureContainer { get; set; } = "grainstate";

    /// <summary>The credentials file (accounts that may log in, credentials for other systems). Default <c>credentials.json</c> in the data folder, generated on first start.</summary>
    public string? CredentialsFile { get; set; }

    /// <summary>
    /// The administrator secret written into a newly generated credentials file. Default none: a random secret
    /// is generated and logged once. Ignored once the credentials file exists.
    /// </summary>
    public string? InitialAdministratorSecret { get; set; }

    /// <summary>A certificate file (PKCS#12 <c>.pfx</c>, or PEM with its key) that turns on TLS for the gateway and between silos. Default none: plain TCP, allowed only on loopback.</summary>
    public string? TlsCertificateFile { get; set; }

    /// <summary>The password of <see cref="TlsCertificateFile"/>, if it has one. Default none.</summary>
    public string? TlsCertificatePassword { get; set; }

    /// <summary>The most client connections the gateway keeps open at once; one more is closed as it arrives (and logged). Default 1000; allowed 1 to 100,000.</summary>
    public int MaxGatewayConnections { get; set; } = 1000;

    /// <summary>The most gateway connections one client address keeps open at once (every CLI command holds one while it runs). Default 100; allowed 1 to <see cref="MaxGatewayConnections"/>.</summary>
    public int MaxGatewayConnectionsPerAddress { get; set; } = 100;

    /// <summary>
    /// Start even though the SQLite database is empty, missing or unreadable while the data folder shows it held data
    /// (<c>orleansha.marker</c>, or a credentials file beside an empty database). Default false: such a start is
    /// refused, since it would show a system with every user, destination and file set gone. An unreadable database
    /// is moved aside (<c>orleansha.db.unreadable-{time}</c>), never deleted.
    /// </summary>
    public bool StartEmpty { get; set; }

    /// <summary>How long a stop (SIGTERM) may take: in-flight calls finish and grains write their state within it. Default 30 seconds.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
