using OrleansHa.Destinations;
using OrleansHa.Grains.Destinations;
using OrleansHa.Grains.FileSets;
using OrleansHa.Grains.Users;
using OrleansHa.Settings;
using OrleansHa.Users;

namespace OrleansHa.Grains.Settings;

/// <summary>Validates a whole settings document against itself; every problem is collected and reported at once.</summary>
public static class SettingsValidator
{
    /// <summary>Throws <see cref="InvalidDefinitionException"/> listing every problem, or returns when the document is sound.</summary>
    public static void Validate(SettingsDocument document)
    {
        var problems = new List<string>();
        if (document.Format != SettingsDocument.FormatName)
        {
            problems.Add($"format: '{document.Format}' is not a settings document; allowed: '{SettingsDocument.FormatName}'");
        }

        if (document.Version != SettingsDocument.CurrentVersion)
        {
            problems.Add($"version: {document.Version} is not readable by this build; allowed: {SettingsDocument.CurrentVersion}");
        }

        var users = new Dictionary<string, UserInfo>(StringComparer.Ordinal);
        for (var i = 0; i < document.Users.Count; i++)
        {
            var definition = document.Users[i]?.Definition;
            if (definition is null)
            {
                problems.Add($"users[{i}]: the entry has no definition; allowed: an entry as written by 'config export'");
                continue;
            }

            Check(problems, $"users[{i}] ({definition.Name})", () =>
            {
                var normalized = UserGrain.Validate(definition, definition.Name);
                if (!users.TryAdd(normalized.Name, new UserInfo(normalized, document.Users[i]!.Suspended, [], 0)))
                {
                    throw new InvalidDefinitionException("name", $"user {normalized.Name} appears twice", "each user once");
                }
            });
        }

        var destinations = new Dictionary<string, DestinationDefinition>(StringComparer.Ordinal);
        for (var i = 0; i < document.Destinations.Count; i++)
        {
            var definition = document.Destinations[i]?.Definition;
            if (definition is null)
            {
                problems.Add($"destinations[{i}]: the entry has no definition; allowed: an entry as written by 'config export'");
                continue;
            }

            Check(problems, $"destinations[{i}] ({definition.Name})", () =>
            {
                var normalized = DestinationDefinitionRules.Validate(definition, definition.Name);
                if (!destinations.TryAdd(normalized.Name, normalized))
                {
                    throw new InvalidDefinitionException("name", $"destination {normalized.Name} appears twice", "each destination once");
                }
            });
        }

        var fileSets = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < document.FileSets.Count; i++)
        {
            var definition = document.FileSets[i]?.Definition;
            if (definition is null)
            {
                problems.Add($"fileSets[{i}]: the entry has no definition; allowed: an entry as written by 'config export'");
                continue;
            }

            Check(problems, $"fileSets[{i}] ({definition.Owner}/{definition.Name})", () =>
            {
                var normalized = FileSetValidator.Validate(definition, users.GetValueOrDefault(definition.Owner ?? string.Empty), destinations);
                if (!fileSets.Add(normalized.Key))
                {
                    throw new InvalidDefinitionException("name", $"file set {normalized.Key} appears twice", "each file set once");
                }
            });
        }

        if (problems.Count > 0)
        {
            throw new InvalidDefinitionException(
                $"The settings document was refused; nothing was changed. {problems.Count} problem(s):{Environment.NewLine}"
                + string.Join(Environment.NewLine, problems.Take(100).Select(p => "  " + p)));
        }
    }

    private static void Check(List<string> problems, string where, Action check)
    {
        try
        {
            check();
        }
        catch (InvalidDefinitionException e)
        {
            // Every problem of the entry, one line each.
            problems.AddRange(e.Problems.Select(p => $"{where}: {p.Text}"));
        }
    }
}
