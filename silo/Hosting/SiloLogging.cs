using Serilog;
using Serilog.Events;

namespace OrleansHa.Silo.Hosting;

/// <summary>
/// Serilog for the silo: the console and a daily rolling file in <c>{DataFolder}/logs</c> (14 files kept).
/// A <c>Serilog</c> configuration section can override levels (e.g. <c>"Serilog": { "MinimumLevel": { "Default": "Debug" } }</c>).
/// </summary>
public static class SiloLogging
{
    /// <summary>The folder the rolling log files go to.</summary>
    public static string LogFolder(SiloSettings settings) => Path.Combine(settings.DataFolder, "logs");

    /// <summary>Builds the logger; the host disposes it at exit, which flushes the file.</summary>
    public static Serilog.Core.Logger Create(IConfiguration configuration, SiloSettings settings)
        => new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .ReadFrom.Configuration(configuration)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("System", settings.SystemName)
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}", formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .WriteTo.File(
                Path.Combine(LogFolder(settings), "silo-.log"),
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 14,
                outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {System} {SourceContext} ({EventId}): {Message:lj}{NewLine}{Exception}",
                formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .CreateLogger();
}
