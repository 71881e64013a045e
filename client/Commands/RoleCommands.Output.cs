using System.CommandLine;
using OrleansHa.Client.Cli;
using OrleansHa.Roles;
using Spectre.Console;

namespace OrleansHa.Client.Commands;

/// <summary>How the role commands print: tables, or with <c>--json</c> one JSON document (the record the silo answered).</summary>
public sealed partial class RoleCommands
{
    internal static void WriteStatus(CliContext context, ParseResult parse, HaGroupStatus status)
    {
        if (context.Json(parse))
        {
            context.WriteJson(status);
            return;
        }

        if (!status.Defined)
        {
            context.Console.MarkupLine($"[bold]{Markup.Escape(status.LocalSystem)}[/] is in no HA group: it takes writes as a lone system (epoch 0). 'role define' makes one.");
            return;
        }

        WriteFields(context, parse,
            ("system", status.LocalSystem), ("role", RoleText.Role(status.Gate)), ("epoch", status.Gate.Epoch), ("phase", status.Gate.Phase.ToString()),
            ("production", status.Gate.Production), ("writable", status.Gate.Writable),
            ("auto failover", status.AutoFailover is { } p ? $"after {RoleText.Duration(p.GracePeriod)} unreachable" : "off"),
            ("role changed", status.RoleChangedAt), ("last change", status.LastChange), ("divergent entries", status.Divergences));
        context.WriteTable(parse, status.Members,
            ("member", m => m.SystemName), ("role", m => m.SystemName == status.Gate.Production ? "production" : "backup"),
            ("gateway", m => m.Gateway ?? "(this system)"), ("credential", m => m.CredentialName));
        if (status.Fences.Count > 0)
        {
            context.WriteTable(parse, status.Fences, ("journal", f => f.Journal), ("epoch", f => f.Epoch), ("fence (last received)", f => f.LastReceivedSequence));
        }

        if (status.Progress is { } progress)
        {
            context.Console.MarkupLine($"{Markup.Escape(RoleText.Command(progress.Operation))} under way since {progress.StartedAt:HH:mm:ss}: {Markup.Escape(RoleText.Progress(progress))}");
        }
    }

    private static void WriteDefinitionPreview(CliContext context, ParseResult parse, HaGroupStatus current, HaGroupDefinition definition)
    {
        var change = current.Defined
            ? $"would redefine the group on {current.LocalSystem} (epoch {current.Gate.Epoch} stays, production {current.Gate.Production} stays)"
            : $"would define the group on {current.LocalSystem}: epoch 1, production {definition.InitialProduction}";
        if (context.Json(parse))
        {
            context.WriteJson(new { dryRun = true, change, definition, current });
            return;
        }

        context.Console.MarkupLine($"Dry run, nothing changed: {Markup.Escape(change)}.");
        context.WriteTable(parse, definition.Members,
            ("member", m => m.SystemName), ("gateway", m => m.Gateway ?? "(this system)"), ("credential", m => m.CredentialName),
            ("production at definition", m => m.SystemName == definition.InitialProduction),
            ("auto failover", _ => definition.AutoFailover is { } p ? $"after {RoleText.Duration(p.GracePeriod)} unreachable" : "off"));
    }

    internal static void WriteReadiness(CliContext context, ParseResult parse, ReadinessReport report)
    {
        if (context.Json(parse))
        {
            context.WriteJson(report);
            return;
        }

        WriteReadinessTables(context, parse, report, onlyFailing: false);
    }

    private static void WriteReadinessTables(CliContext context, ParseResult parse, ReadinessReport report, bool onlyFailing)
    {
        context.WriteTable(parse, [report],
            ("production", r => r.Production), ("backup", r => r.Backup), ("ready", r => r.Ready), ("score", r => RoleText.Score(r)),
            ("clock skew", r => r.ClockSkew is { } skew ? RoleText.Duration(skew.Duration()) + (skew < TimeSpan.Zero ? " behind" : " ahead") : "unknown"),
            ("checked", r => r.CheckedAt));
        var items = onlyFailing ? [.. report.Items.Where(i => !i.Ready)] : report.Items;
        if (items.Count > 0)
        {
            context.WriteTable(parse, items,
                ("category", i => i.Category.ToString()), ("subject", i => i.Subject),
                ("state", i => i.Ready ? "ready" : i.Blocking ? "BLOCKING" : "warning"), ("reason", i => i.Reason));
        }
    }

    internal static void WriteReport(CliContext context, ParseResult parse, RoleSwapReport report)
    {
        if (context.Json(parse))
        {
            context.WriteJson(report);
            return;
        }

        var verb = RoleText.Command(report.Operation);
        var outcome = (report.DryRun, report.Succeeded) switch
        {
            (true, true) => $"Dry run, nothing changed: the {verb} would be allowed",
            (true, false) => $"Dry run, nothing changed: the {verb} would be refused",
            (false, true) => $"The {verb} completed",
            _ => $"The {verb} did not complete",
        };
        context.Console.MarkupLine(Markup.Escape(outcome + "."));
        WriteFields(context, parse,
            ("operation", verb), ("dry run", report.DryRun), ("succeeded", report.Succeeded), ("epoch", report.Epoch),
            ("production", report.Production), ("backup", report.Backup), ("writes refused", report.DryRun ? null : RoleText.Duration(report.WritesRefused)),
            ("bytes copied", report.BytesCopied), ("divergent entries", report.Divergences));
        if (report.Steps.Count > 0)
        {
            context.WriteTable(parse, report.Steps, ("step", s => s.Name), ("took", s => RoleText.Duration(s.Took)), ("detail", s => s.Detail));
        }

        if (report.Fences.Count > 0)
        {
            context.WriteTable(parse, report.Fences, ("journal", f => f.Journal), ("epoch", f => f.Epoch), ("fence (last received)", f => f.LastReceivedSequence));
        }

        if (report.Readiness is { } readiness && !report.Succeeded)
        {
            WriteReadinessTables(context, parse, readiness, onlyFailing: true);
        }
    }

    // One record as a field/value table: a row per field reads better than a table ten columns wide.
    private static void WriteFields(CliContext context, ParseResult parse, params (string Field, object? Value)[] fields)
        => context.WriteTable(parse, fields, ("field", f => f.Field), ("value", f => f.Value));
}
