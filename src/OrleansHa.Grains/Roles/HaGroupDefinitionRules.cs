using OrleansHa.Grains.Journals;
using OrleansHa.Roles;

namespace OrleansHa.Grains.Roles;

/// <summary>What makes an HA group definition valid on the system that holds it.</summary>
public static class HaGroupDefinitionRules
{
    /// <summary>Throws <see cref="InvalidDefinitionException"/> naming the first thing wrong and what is allowed.</summary>
    /// <param name="definition">The definition.</param>
    /// <param name="localSystem">The system holding it.</param>
    /// <param name="production">The production system now, when the group is already defined (it must stay a member).</param>
    public static void Validate(HaGroupDefinition definition, string localSystem, string? production)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var members = definition.Members ?? [];
        if (members.Count < 2)
        {
            throw new InvalidDefinitionException("members", $"the group has {members.Count} member(s)", "two systems or more: this one and at least one other");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            if (!JournalNames.IsValidSystemName(member?.SystemName))
            {
                throw new InvalidDefinitionException("members", $"'{member?.SystemName}' is not a system name", "1 to 64 letters, digits, '-' or '_'");
            }

            if (!names.Add(member!.SystemName))
            {
                throw new InvalidDefinitionException("members", $"{member.SystemName} is named twice", "each system once");
            }

            if (member.SystemName == localSystem)
            {
                if (member.Gateway is not null || member.CredentialName is not null)
                {
                    throw new InvalidDefinitionException("members", $"{localSystem} is this system but has a gateway or credential", "no gateway and no credential for the system holding the definition");
                }
            }
            else
            {
                if (string.IsNullOrWhiteSpace(member.CredentialName))
                {
                    throw new InvalidDefinitionException("members", $"{member.SystemName} has no credential", "the name of an entry under \"remotes\" in this silo's credentials file");
                }

                var gateways = (member.Gateway ?? string.Empty).Split(',', StringSplitOptions.TrimEntries);
                if (gateways.Any(g => g.LastIndexOf(':') is var colon && (colon <= 0 || !int.TryParse(g[(colon + 1)..], out var port) || port is < 1 or > 65535)))
                {
                    throw new InvalidDefinitionException("members", $"{member.SystemName}'s gateway '{member.Gateway}' is not host:port", "the other system's gateway, e.g. 127.0.0.1:30000, or several separated by commas");
                }
            }
        }

        if (!names.Contains(localSystem))
        {
            throw new InvalidDefinitionException("members", $"this system, {localSystem}, is not a member", $"{localSystem} among the members, without gateway or credential");
        }

        if (!names.Contains(definition.InitialProduction ?? string.Empty))
        {
            throw new InvalidDefinitionException("production", $"'{definition.InitialProduction}' is not a member", $"one of {string.Join(", ", names)}");
        }

        if (production is not null && !names.Contains(production))
        {
            throw new InvalidDefinitionException("members", $"{production} is production now and would leave the group", "keep the production system a member; swap roles first");
        }

        if (definition.AutoFailover is { } policy
            && (policy.GracePeriod < AutoFailoverPolicy.MinimumGracePeriod || policy.GracePeriod > AutoFailoverPolicy.MaximumGracePeriod))
        {
            throw new InvalidDefinitionException("auto-failover", $"a grace period of {policy.GracePeriod}", $"{AutoFailoverPolicy.MinimumGracePeriod} to {AutoFailoverPolicy.MaximumGracePeriod}");
        }
    }
}
