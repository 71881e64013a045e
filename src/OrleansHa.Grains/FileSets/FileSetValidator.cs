using OrleansHa.Destinations;
using OrleansHa.FileSets;
using OrleansHa.Grains.Security;
using OrleansHa.Users;

namespace OrleansHa.Grains.FileSets;

/// <summary>Checks a file set definition against its owner and the defined destinations, and normalizes it.</summary>
public static class FileSetValidator
{
    /// <summary>The batch a file set belongs to when none is named.</summary>
    public const string DefaultBatch = "default";

    /// <summary>
    /// Returns the definition normalized (paths, schedule, batch), or throws <see cref="InvalidDefinitionException"/>
    /// listing every problem found, each naming the field and what is allowed.
    /// </summary>
    /// <param name="definition">The definition to check.</param>
    /// <param name="owner">The owner's profile, or null when the owner does not exist.</param>
    /// <param name="destinations">The defined destinations by name.</param>
    public static FileSetDefinition Validate(FileSetDefinition definition, UserInfo? owner, IReadOnlyDictionary<string, DestinationDefinition> destinations)
    {
        var problems = new DefinitionProblems();
        problems.Check(() => DefinitionRules.RequireName("owner", definition.Owner));
        problems.Check(() => DefinitionRules.RequireName("name", definition.Name));
        if (owner is null)
        {
            problems.Add("owner", $"user {definition.Owner} does not exist", "a defined user ('user list')");
        }

        var source = problems.Check(() => DefinitionRules.RequireAbsolutePath("source", definition.SourceRoot), string.Empty);
        if (owner is not null && source.Length > 0)
        {
            _ = problems.Check(() => DefinitionRules.RequireInsideRoots("source", source, owner.Definition.Name, owner.Definition.Roots))
                && problems.Check(() => RequireResolvedInsideRoots(source, owner.Definition));
        }

        var targets = new List<FileSetTarget>();
        if (definition.Targets is null || definition.Targets.Count == 0)
        {
            problems.Add("destination", "none given", "one or more defined destinations: " + Known(destinations));
        }

        foreach (var target in definition.Targets ?? [])
        {
            if (!destinations.TryGetValue(target.Destination ?? string.Empty, out var destination))
            {
                problems.Add("destination", $"'{target.Destination}' is not a defined destination", Known(destinations));
                continue;
            }

            if (targets.Any(t => t.Destination == target.Destination))
            {
                problems.Add("destination", $"'{target.Destination}' is named twice", "each destination once");
                continue;
            }

            var path = problems.Check(
                () => destination.Transport == DestinationTransport.Local
                    ? DefinitionRules.RequireRelativePath("target", target.TargetPath)
                    : DefinitionRules.RequireAbsolutePath("target", target.TargetPath),
                string.Empty);
            targets.Add(new FileSetTarget(target.Destination!, path));
        }

        var batch = string.IsNullOrWhiteSpace(definition.BatchId) ? DefaultBatch : definition.BatchId;
        problems.Check(() => DefinitionRules.RequireName("batch", batch));
        var schedule = problems.Check<FileSetSchedule?>(() => FileSetSchedule.Parse(definition.Schedule), null);
        if (owner is not null)
        {
            var max = owner.Definition.MaxPriority;
            if (definition.Priority < 0 || definition.Priority > max)
            {
                problems.Add("priority", $"{definition.Priority} is {(definition.Priority < 0 ? "negative" : $"above {owner.Definition.Name}'s maximum {max}")}", $"0..{max}");
            }
        }

        var options = definition.Options ?? new FileSetOptions();
        if (options.MassDeleteShare is { } share && !(share > 0 && share <= 1))
        {
            problems.Add("mass-delete-share", $"{share.ToString(System.Globalization.CultureInfo.InvariantCulture)} is not a share of the destination's files", $"above 0 and at most 1 (e.g. 0.5: a run that would delete more than half stops); unset: {FileSetOptions.DefaultMassDeleteShare.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }

        if (options.MassDeleteMinimum is < 0)
        {
            problems.Add("mass-delete-minimum", $"{options.MassDeleteMinimum} is negative", $"0 or more files (the fewest deletions the share rule trips on); unset: {FileSetOptions.DefaultMassDeleteMinimum}");
        }

        var include = Patterns(problems, "include", definition.Include);
        var exclude = Patterns(problems, "exclude", definition.Exclude);
        problems.ThrowIfAny();
        return definition with
        {
            SourceRoot = source,
            Targets = targets,
            BatchId = batch,
            Schedule = schedule!.ToString(),
            Include = include,
            Exclude = exclude,
            Options = options,
        };
    }

    /// <summary>
    /// The run-time rule (the engine resolves the source root, links included, and requires it inside the resolved
    /// roots) at define time: a source that exists must stay inside the owner's roots once its symbolic links are
    /// followed. A source that does not exist yet is checked when it runs.
    /// </summary>
    private static void RequireResolvedInsideRoots(string source, UserDefinition owner)
    {
        if (DefinitionRules.ResolveLinks(source) is not { } resolved)
        {
            return;
        }

        var roots = owner.Roots.Select(r => DefinitionRules.ResolveLinks(r) ?? r).ToList();
        if (!roots.Any(r => DefinitionRules.IsInside(resolved, r)))
        {
            throw new InvalidDefinitionException("source", $"'{source}' leads out of {owner.Name}'s roots through a symbolic link: it resolves to '{resolved}'", "a path inside " + string.Join(", ", owner.Roots) + " that stays inside them once its links are followed");
        }
    }

    private static string[] Patterns(DefinitionProblems problems, string field, IReadOnlyList<string>? patterns)
    {
        var list = (patterns ?? []).Select(p => p?.Trim() ?? string.Empty).ToArray();
        foreach (var pattern in list)
        {
            if (pattern.Length == 0 || pattern.Contains('\0', StringComparison.Ordinal) || pattern.Split('/').Contains(".."))
            {
                problems.Add(field, $"'{pattern}' is not a usable pattern", "glob patterns relative to the source root, without '..' (e.g. *.txt, reports/**)");
            }
        }

        return list;
    }

    private static string Known(IReadOnlyDictionary<string, DestinationDefinition> destinations)
        => destinations.Count == 0 ? "no destination is defined yet ('destination add')" : "one of " + string.Join(", ", destinations.Keys.Order(StringComparer.Ordinal));
}
