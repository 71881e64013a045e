namespace OrleansHa.Connections;

/// <summary>How to reach one OrleansHa system and whom to log in as.</summary>
public sealed class SystemConnectionOptions
{
    /// <summary>The system's name, which is its Orleans cluster id (the silo's <c>Silo:SystemName</c>). Default <c>LOCAL</c>.</summary>
    public string SystemName { get; set; } = "LOCAL";

    /// <summary>The system's gateways, each <c>host:port</c>; the client uses any that answers. Default <c>127.0.0.1:30000</c>.</summary>
    public IList<string> Gateways { get; set; } = ["127.0.0.1:30000"];

    /// <summary>The account to log in as. Default <c>admin</c>.</summary>
    public string User { get; set; } = "admin";

    /// <summary>The account's secret. Required; never logged.</summary>
    public string Secret { get; set; } = string.Empty;

    /// <summary>Whether the gateways speak TLS. Default false (a loopback gateway).</summary>
    public bool UseTls { get; set; }

    /// <summary>
    /// A certificate file (PEM or DER) to trust for the gateways, e.g. their self-signed one; when unset the machine's
    /// trusted roots decide. Default none.
    /// </summary>
    public string? TrustedCertificateFile { get; set; }

    /// <summary>A client certificate (PKCS#12 <c>.pfx</c>) for gateways that demand mutual TLS. Default none.</summary>
    public string? ClientCertificateFile { get; set; }

    /// <summary>The password of <see cref="ClientCertificateFile"/>, if any. Default none.</summary>
    public string? ClientCertificatePassword { get; set; }

    /// <summary>
    /// How long connecting and logging in may take before <see cref="SystemUnavailableException"/>. Default 20 seconds
    /// (left alone, Orleans retries a refusing or foreign gateway for minutes).
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long a call may take before it fails with a timeout. Default 30 seconds.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many times a call marked <see cref="IdempotentAttribute"/> is repeated after its gateway or silo went away
    /// (the connection failed, the message was rejected, the silo became unavailable; a response timeout counts once
    /// only). Default 5. 0 repeats nothing.
    /// </summary>
    public int CallRetries { get; set; } = 5;

    /// <summary>
    /// The wait before the first repeat of a call; each further repeat waits twice as long, at most
    /// <see cref="MaxCallRetryDelay"/>. Default 500 ms, which with the default retries spans about 12 s: long enough for
    /// a system's other silos to declare a dead one dead and take over its grains.
    /// </summary>
    public TimeSpan CallRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between two repeats of a call. Default 5 seconds.</summary>
    public TimeSpan MaxCallRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The systems of the HA group this system belongs to, each with its gateways (<see cref="GroupMemberAddress.ParseList"/>
    /// reads <c>PROD=host:port;BACKUP=host:port</c>). When set, a <see cref="GroupConnection"/> sends writes (appends,
    /// definitions) to the member whose gate says it is production with the highest epoch, and finds production again when
    /// a write is refused; reads go to <see cref="SystemName"/>, or another member when it does not answer. The same
    /// <see cref="User"/> and <see cref="Secret"/> log in to every member. Default empty: writes go to
    /// <see cref="SystemName"/> alone (following only a refusal that names production's gateway).
    /// </summary>
    public IList<GroupMemberAddress> Group { get; set; } = [];

    /// <summary>
    /// How long finding production may wait for one member's answer (connecting, logging in and reading its gate); a
    /// member that does not answer in time is left out of that choice. Default 10 seconds (a first connection logs in,
    /// which takes a busy silo a few seconds).
    /// </summary>
    public TimeSpan GateProbeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a write waits before it is tried again while the group switches roles (a switch-over or a promotion under
    /// way: the write was refused as "switching", or no member is production yet). Default 500 ms.
    /// </summary>
    public TimeSpan SwitchRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How many times a write is tried again while the group switches roles, each after <see cref="SwitchRetryDelay"/>,
    /// before the refusal reaches the caller. Default 60 (about 30 s with the default delay; a planned switch-over refuses
    /// writes for a few seconds). 0 waits not at all.
    /// </summary>
    public int SwitchRetries { get; set; } = 60;

    /// <summary>Checks the settings; throws <see cref="ArgumentException"/> naming the bad one and what is allowed.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(SystemName))
        {
            throw new ArgumentException("SystemName is empty: give the system's name (its silo's Silo:SystemName, e.g. PROD).", nameof(SystemName));
        }

        if (Gateways.Count == 0)
        {
            throw new ArgumentException("No gateway: give at least one host:port.", nameof(Gateways));
        }

        foreach (var gateway in Gateways)
        {
            GatewayAddress.Parse(gateway);
        }

        if (Gateways.Distinct(StringComparer.OrdinalIgnoreCase).Count() != Gateways.Count)
        {
            throw new ArgumentException($"The gateway list {string.Join(",", Gateways)} names a gateway twice; give each once.", nameof(Gateways));
        }

        if (string.IsNullOrEmpty(User))
        {
            throw new ArgumentException("User is empty: give the account to log in as.", nameof(User));
        }

        if (string.IsNullOrEmpty(Secret))
        {
            throw new ArgumentException($"No secret for account '{User}': give its password.", nameof(Secret));
        }

        if (ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"ConnectTimeout is {ConnectTimeout}; allowed: more than zero.", nameof(ConnectTimeout));
        }

        if (CallRetries < 0)
        {
            throw new ArgumentException($"CallRetries is {CallRetries}; allowed: 0 (never repeat a call) or more.", nameof(CallRetries));
        }

        if (CallRetryDelay < TimeSpan.Zero || MaxCallRetryDelay < CallRetryDelay)
        {
            throw new ArgumentException($"CallRetryDelay is {CallRetryDelay} and MaxCallRetryDelay {MaxCallRetryDelay}; allowed: 0 or more, and the first no more than the second.", nameof(CallRetryDelay));
        }

        if (Group.Select(m => m.SystemName).Distinct(StringComparer.Ordinal).Count() != Group.Count)
        {
            throw new ArgumentException($"The group {string.Join(";", Group)} names a system twice; give each once.", nameof(Group));
        }

        foreach (var member in Group)
        {
            if (member.Gateways.Count == 0)
            {
                throw new ArgumentException($"The group member {member.SystemName} has no gateway; give NAME=host:port.", nameof(Group));
            }

            foreach (var gateway in member.Gateways)
            {
                GatewayAddress.Parse(gateway);
            }
        }

        if (GateProbeTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"GateProbeTimeout is {GateProbeTimeout}; allowed: more than zero.", nameof(GateProbeTimeout));
        }

        if (SwitchRetries < 0 || SwitchRetryDelay < TimeSpan.Zero)
        {
            throw new ArgumentException($"SwitchRetries is {SwitchRetries} and SwitchRetryDelay {SwitchRetryDelay}; allowed: 0 or more each.", nameof(SwitchRetries));
        }

        if (TrustedCertificateFile is { } trust && !File.Exists(trust))
        {
            throw new ArgumentException($"The certificate to trust '{trust}' does not exist.", nameof(TrustedCertificateFile));
        }

        if (ClientCertificateFile is { } own && !File.Exists(own))
        {
            throw new ArgumentException($"The client certificate '{own}' does not exist.", nameof(ClientCertificateFile));
        }
    }
}
