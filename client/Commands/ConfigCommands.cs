using System.CommandLine;
using OrleansHa.Client.Cli;
using Spectre.Console;
using OrleansHa.Monitoring;
using OrleansHa.Settings;

namespace OrleansHa.Client.Commands;

/// <summary><c>config export|import</c>: every definition as one versioned JSON document (administrator).</summary>
public sealed class ConfigCommands : ICliModule
{
    /// <inheritdoc/>
    public IEnumerable<Command> CreateCommands(CliContext context)
    {
        var config = new Command("config", "Back up and restore the settings: users, destinations, file sets and schedules");

        var output = new Option<string?>("--output", "-o") { Description = "Write to this file (default: standard output)" };
        var export = new Command("export", "Export every definition as one JSON document") { output };
        export.SetGuardedAction(context, async (parse, client, ct) =>
        {
            var json = SettingsJson.Serialize(await client.GetGrain<ISettingsGrain>(RegistryKeys.System).ExportAsync());
            if (parse.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file, json, ct);
                context.Console.WriteLine($"Exported settings to {file}");
            }
            else
            {
                await context.Output.WriteLineAsync(json);
            }

            return 0;
        });

        var input = MonitorCli.NameArgument("file", "The settings document to import");
        var coldStart = new Option<bool>("--cold-start") { Description = "Also clear worker tables and checkpoints and register the schedules afresh" };
        var import = new Command("import", "Import a settings document: validated whole, nothing changes if any part is wrong") { input, coldStart };
        import.SetGuardedWriteAction(context, async (parse, client, ct) =>
        {
            var path = parse.GetValue(input)!;
            if (!File.Exists(path))
            {
                throw new DefinitionNotFoundException($"the file {path} does not exist.");
            }

            var document = SettingsJson.Deserialize(await File.ReadAllTextAsync(path, ct));
            var result = await client.GetGrain<ISettingsGrain>(RegistryKeys.System).ImportAsync(document, parse.GetValue(coldStart));
            context.WriteTable(parse, [result],
                ("users", r => r.Users), ("destinations", r => r.Destinations), ("file sets", r => r.FileSets), ("cold start", r => r.ColdStart), ("workers", r => r.Workers));
            return 0;
        });

        config.Subcommands.Add(export);
        config.Subcommands.Add(import);
        return [config];
    }
}
