using System.Text;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Sinks.File;

namespace OrleansHa.Silo.Hosting;

/// <summary>
/// Serilog for the silo: the console and a daily rolling file in <c>{DataFolder}/logs</c> (14 files kept, each mode
/// 0600 in a 0700 folder). The console shows an exception as its type and message; the file keeps the stack trace.
/// A <c>Serilog</c> configuration section can override levels (e.g. <c>"Serilog": { "MinimumLevel": { "Default": "Debug" } }</c>).
/// </summary>
public static class SiloLogging
{
    /// <summary>The folder the rolling log files go to.</summary>
    public static string LogFolder(SiloSettings settings) => Path.Combine(settings.DataFolder, "logs");

    /// <summary>Builds the logger; dispose it at exit, which flushes the file.</summary>
    public static Logger Create(IConfiguration configuration, SiloSettings settings)
        => new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .ReadFrom.Configuration(configuration)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("System", settings.SystemName)
            .Enrich.With<ErrorSummary>()
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{ErrorSummary}{NewLine}", formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .WriteTo.File(
                Path.Combine(LogFolder(settings), "silo-.log"),
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 14,
                outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {System} {SourceContext} ({EventId}): {Message:lj}{NewLine}{Exception}",
                formatProvider: System.Globalization.CultureInfo.InvariantCulture,
                hooks: new OwnerOnlyFiles())
            .CreateLogger();

    /// <summary>Sets each log file to 0600 as the sink opens it, before the first line is written.</summary>
    private sealed class OwnerOnlyFiles : FileLifecycleHooks
    {
        public override Stream OnFileOpened(string path, Stream underlyingStream, Encoding encoding)
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, DataFolderAccess.FileMode);
            }

            return underlyingStream;
        }
    }

    /// <summary><c>{ErrorSummary}</c>: " (Type: message)" of a logged exception and its causes, for the console.</summary>
    private sealed class ErrorSummary : ILogEventEnricher
    {
        public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
        {
            if (logEvent.Exception is not { } error)
            {
                return;
            }

            var parts = new List<string>();
            for (var current = error; current is not null && parts.Count < 3; current = current.InnerException)
            {
                parts.Add($"{current.GetType().Name}: {current.Message}");
            }

            logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty("ErrorSummary", " (" + string.Join(" ← ", parts) + ")"));
        }
    }
}
