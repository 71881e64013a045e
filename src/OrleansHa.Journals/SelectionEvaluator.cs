using System.Globalization;

namespace OrleansHa.Journals;

/// <summary>
/// Decides which changes produce sync requests, from a journal's selection rules (ACF2 LIDS / LASTACC / ONCEADAY):
/// a rule matches a Put or Patch of an existing record when every field whose value it changes is one of the
/// rule's only-fields and none of its unless-fields changes. Inserts and deletes always produce a request.
/// The first matching rule decides.
/// </summary>
public static class SelectionEvaluator
{
    /// <summary>Checks a definition's rules; throws <see cref="ArgumentException"/> naming what is wrong.</summary>
    public static void Validate(IReadOnlyList<SelectionRule> rules)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            if (string.IsNullOrWhiteSpace(rule.Name) || !names.Add(rule.Name))
            {
                throw new ArgumentException($"Selection rule names must be non-empty and unique; '{rule.Name}' is not.", nameof(rules));
            }

            if (rule.OnlyFields is null || rule.OnlyFields.Length == 0 || rule.OnlyFields.Any(string.IsNullOrEmpty))
            {
                throw new ArgumentException($"Selection rule '{rule.Name}' must name at least one only-field, none empty.", nameof(rules));
            }

            if (rule.UnlessFields is null || rule.UnlessFields.Any(string.IsNullOrEmpty))
            {
                throw new ArgumentException($"Selection rule '{rule.Name}' has an empty unless-field; give field names or an empty list.", nameof(rules));
            }

            if (!Enum.IsDefined(rule.Action))
            {
                throw new ArgumentException($"Selection rule '{rule.Name}' has action {rule.Action}; allowed: Drop, OncePerKeyPerDay.", nameof(rules));
            }

            if (rule.TimeZoneId is not null)
            {
                _ = FindZone(rule);
            }
        }
    }

    /// <summary>Evaluates the rules for a change about to be applied to <paramref name="stored"/> (null when missing).</summary>
    public static SelectionDecision Evaluate(IReadOnlyList<SelectionRule> rules, JournalRecord? stored, JournalChange change)
    {
        if (rules.Count == 0 || stored is null || change.Kind == JournalChangeKind.Delete)
        {
            return SelectionDecision.Journal;
        }

        var touched = TouchedFields(stored, change);
        foreach (var rule in rules)
        {
            if (touched.All(f => rule.OnlyFields.Contains(f, StringComparer.Ordinal))
                && !touched.Any(f => rule.UnlessFields.Contains(f, StringComparer.Ordinal)))
            {
                return rule.Action == SelectionAction.Drop
                    ? new SelectionDecision(rule.Name, null)
                    : new SelectionDecision(rule.Name, DayOf(rule, change.Timestamp));
            }
        }

        return SelectionDecision.Journal;
    }

    /// <summary>The fields whose value the change alters (a Put also "touches" the fields it leaves out).</summary>
    public static List<string> TouchedFields(JournalRecord stored, JournalChange change)
    {
        var touched = new List<string>();
        var fields = change.Fields ?? [];
        foreach (var (name, value) in fields)
        {
            if (!stored.Fields.TryGetValue(name, out var old) || !string.Equals(old, value, StringComparison.Ordinal))
            {
                touched.Add(name);
            }
        }

        if (change.Kind == JournalChangeKind.Put)
        {
            touched.AddRange(stored.Fields.Keys.Where(k => !fields.ContainsKey(k)));
        }

        return touched;
    }

    private static string DayOf(SelectionRule rule, DateTimeOffset timestamp)
    {
        var local = rule.TimeZoneId is null ? timestamp.UtcDateTime : TimeZoneInfo.ConvertTime(timestamp, FindZone(rule)).DateTime;
        return local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private static TimeZoneInfo FindZone(SelectionRule rule)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(rule.TimeZoneId!);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new ArgumentException(
                $"Selection rule '{rule.Name}' names time zone '{rule.TimeZoneId}', which this system does not know; use an IANA id such as Europe/Berlin, or none for UTC.",
                nameof(rule),
                e);
        }
    }
}
