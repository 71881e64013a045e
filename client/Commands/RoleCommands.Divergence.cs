using System.CommandLine;
using OrleansHa.Client.Cli;
using OrleansHa.Roles;
using Spectre.Console;

namespace OrleansHa.Client.Commands;

/// <summary><c>role divergence</c>: list what a former production appended but never shipped, and re-apply or discard it.</summary>
public sealed partial class RoleCommands
{
    /// <summary>The most divergent entries one listing asks for.</summary>
    internal const int MaxDivergenceLimit = 10_000;

    private static Command Divergence(CliContext context)
    {
        var journal = new Option<string?>("--journal") { Description = "Only this journal (default: every journal with divergent entries)" };
        var key = new Option<string?>("--key") { Description = "Only this record key" };
        var reapply = new Option<bool>("--reapply") { Description = "Append them to production's journal, where its apply rules decide (a stale change is rejected there)" };
        var discard = new Option<bool>("--discard") { Description = "Drop them; the activity log keeps that they were discarded, and by whom" };
        var limit = new Option<int>("--limit") { Description = $"List at most this many entries (1 to {MaxDivergenceLimit:N0})", DefaultValueFactory = _ => 100 };
        var command = new Command("divergence", "Entries this system appended but never shipped before another took over (run on the former production): list them, or re-apply or discard them") { journal, key, reapply, discard, limit, DryRunOption };
        command.Validators.Add(result =>
        {
            if (result.GetValue(reapply) && result.GetValue(discard))
            {
                result.AddError("--reapply and --discard were both given; allowed: one of them, or neither to list the entries");
            }

            if (result.GetValue(DryRunOption) && !result.GetValue(reapply) && !result.GetValue(discard))
            {
                result.AddError("--dry-run goes with --reapply or --discard; listing changes nothing");
            }
        });
        limit.Validators.Add(result =>
        {
            if (result.GetValue(limit) is < 1 or > MaxDivergenceLimit)
            {
                result.AddError($"--limit: {result.GetValue(limit)} is out of range; allowed: 1 to {MaxDivergenceLimit:N0}");
            }
        });
        command.SetGuardedAction(context, async (parse, client, _) =>
        {
            var group = client.GetGrain<IHaGroupGrain>(HaGroups.Default);
            var (only, k) = (parse.GetValue(journal), parse.GetValue(key));
            DivergenceAction? action = parse.GetValue(reapply) ? DivergenceAction.Reapply : parse.GetValue(discard) ? DivergenceAction.Discard : null;
            if (action is null)
            {
                var entries = (await group.GetDivergenceAsync(only, parse.GetValue(limit))).Where(e => k is null || e.Change.Key == k).ToList();
                WriteDivergence(context, parse, entries);
                return 0;
            }

            // Without --journal: every journal that holds divergent entries (of the key, when given).
            var journals = only is not null
                ? [only]
                : (await group.GetDivergenceAsync(null, MaxDivergenceLimit)).Where(e => k is null || e.Change.Key == k).Select(e => e.Journal).Distinct(StringComparer.Ordinal).ToList();
            var results = new List<DivergenceResolution>();
            foreach (var name in journals)
            {
                results.Add(await group.ResolveDivergenceAsync(name, k, action.Value, parse.GetValue(DryRunOption)));
            }

            WriteResolutions(context, parse, results);
            return 0;
        });
        return command;
    }

    private static void WriteDivergence(CliContext context, ParseResult parse, IReadOnlyList<DivergentEntry> entries)
    {
        if (context.Json(parse))
        {
            context.WriteJson(entries);
            return;
        }

        context.WriteTable(parse, entries,
            ("journal", e => e.Journal), ("seq", e => e.Sequence), ("epoch", e => e.Epoch), ("key", e => e.Change.Key),
            ("op", e => e.Change.Kind.ToString().ToLowerInvariant()), ("ts", e => e.Change.Timestamp.ToString("O")),
            ("fields", e => e.Change.Fields is null ? "-" : string.Join(", ", e.Change.Fields.Select(f => $"{f.Key}={f.Value ?? "null"}"))));
    }

    private static void WriteResolutions(CliContext context, ParseResult parse, IReadOnlyList<DivergenceResolution> results)
    {
        if (context.Json(parse))
        {
            context.WriteJson(results);
            return;
        }

        if (results.Count == 0)
        {
            context.Console.WriteLine("No divergent entries: nothing to re-apply or discard.");
            return;
        }

        context.WriteTable(parse, results,
            ("journal", r => r.Journal), ("action", r => r.Action.ToString().ToLowerInvariant()), ("dry run", r => r.DryRun), ("entries", r => r.Entries),
            ("applied", r => r.Applied), ("rejected by apply rules", r => r.Rejected), ("discarded", r => r.Discarded));
    }
}
