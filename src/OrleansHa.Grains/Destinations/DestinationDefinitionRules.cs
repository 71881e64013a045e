using OrleansHa.Destinations;
using OrleansHa.Grains.Security;

namespace OrleansHa.Grains.Destinations;

/// <summary>Checks and normalizes destination definitions.</summary>
public static class DestinationDefinitionRules
{
    /// <summary>Returns the definition normalized, or throws <see cref="InvalidDefinitionException"/> naming the field.</summary>
    public static DestinationDefinition Validate(DestinationDefinition definition, string key)
    {
        var problems = new DefinitionProblems();
        if (problems.Check(() => DefinitionRules.RequireName("name", definition.Name)) && definition.Name != key)
        {
            problems.Add("name", $"'{definition.Name}' does not match the destination being defined ({key})", key);
        }

        if (definition.QueueLimit < 0)
        {
            problems.Add("queue-limit", $"{definition.QueueLimit} is negative", "0 (no limit) or more");
        }

        if (definition.BandwidthLimit < 0 || definition.BandwidthLimit > BandwidthRate.Maximum)
        {
            problems.Add("bandwidth", $"{definition.BandwidthLimit} bytes/s is {(definition.BandwidthLimit < 0 ? "negative" : "above 1TB/s")}", "0 (no limit) up to 1TB/s: " + BandwidthRate.Allowed);
        }
        else if (definition.BandwidthLimit > 0 && definition.Transport == DestinationTransport.Local)
        {
            // A local destination's writes cross no link of ours: they are the file system's, which has its own limits.
            problems.Add("bandwidth", $"a bandwidth limit ({BandwidthRate.Format(definition.BandwidthLimit)}) was given for a local destination", "a bandwidth limit only on a silo destination (it paces what is sent over the link to the other system); 0 (none) for a local destination");
        }

        DestinationDefinition normalized;
        switch (definition.Transport)
        {
            case DestinationTransport.Local:
                normalized = definition with
                {
                    Directory = problems.Check(() => DefinitionRules.RequireAbsolutePath("directory", definition.Directory), definition.Directory),
                    Gateway = null,
                    RemoteSystem = null,
                    CredentialName = null,
                };
                break;
            case DestinationTransport.Silo:
                // One gateway or several of the other system, comma-separated: each host:port.
                var gateways = (definition.Gateway ?? string.Empty).Split(',', StringSplitOptions.TrimEntries);
                var gateway = string.Join(',', gateways);
                foreach (var one in gateways)
                {
                    var colon = one.LastIndexOf(':');
                    if (colon <= 0 || one.AsSpan(0, colon).ContainsAny(", ") || !int.TryParse(one[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
                    {
                        problems.Add("gateway", $"'{one}' in '{definition.Gateway}' is not host:port", "the other system's gateway, e.g. 127.0.0.1:30000, or several separated by commas");
                        break;
                    }
                }

                problems.Check(() => DefinitionRules.RequireName("remote-system", definition.RemoteSystem));
                if (string.IsNullOrWhiteSpace(definition.CredentialName))
                {
                    problems.Add("credential", "none given", "the name of an entry in this silo's credentials file");
                }

                normalized = definition with { Directory = null, Gateway = gateway };
                break;
            default:
                problems.Add("transport", $"'{definition.Transport}' is not a transport", "local or silo");
                normalized = definition;
                break;
        }

        problems.ThrowIfAny();
        return normalized;
    }
}
