using System.Diagnostics;
using OrleansHa.Silo.Security;
using OrleansHa.Silo.Systems;
using OrleansHa.Systems;
using Serilog;

namespace OrleansHa.Silo.Hosting;

/// <summary>
/// The silo's composition, shared by Program.cs and the tests: settings, logging, the runtime with its storage,
/// the grains and their services, the credentials, the gateway and the health endpoint.
/// </summary>
public static class SiloHostExtensions
{
    /// <summary>
    /// A web application builder whose content root is the silo's folder (so its appsettings.json is found from any
    /// working directory), reading environment variables prefixed <c>ORLEANSHA_</c> and the silo's switches.
    /// </summary>
    public static WebApplicationBuilder CreateSiloBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddEnvironmentVariables("ORLEANSHA_");
        builder.Configuration.AddCommandLine(SiloCommandLine.Normalize(args), SiloCommandLine.SwitchMappings);
        return builder;
    }

    /// <summary>
    /// Validates the settings (throwing <see cref="SiloConfigurationException"/> that names each bad one) and registers
    /// everything: logging, the health endpoint's port, Orleans with storage and security, the credentials, and the
    /// clients this silo uses to reach other systems.
    /// </summary>
    public static SiloSettings AddOrleansHaSilo(this WebApplicationBuilder builder)
    {
        SiloHostOptions options;
        try
        {
            options = builder.Configuration.GetSection(SiloHostOptions.SectionName).Get<SiloHostOptions>() ?? new SiloHostOptions();
        }
        catch (InvalidOperationException error)
        {
            throw new SiloConfigurationException($"Invalid silo configuration: {error.Message} {error.InnerException?.Message}".TrimEnd(), error);
        }

        var settings = SiloSettings.Validate(options, Directory.GetCurrentDirectory());
        var access = DataFolderAccess.Prepare(settings);
        var startedEmpty = DatabaseGuard.Check(settings);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(access);
        builder.Services.AddSingleton(new DataFolderStartup.Notes(startedEmpty));

        // The host does not dispose this logger: RunOrleansHaSiloAsync still logs a failure to start after the host is
        // gone, then disposes it (which flushes the file).
        var serilog = SiloLogging.Create(builder.Configuration, settings);
        builder.Services.AddSingleton(serilog);
        builder.Logging.ClearProviders().AddSerilog(serilog, dispose: false);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(settings.Health));
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = settings.ShutdownTimeout);


        builder.Services.AddSingleton(sp =>
        {
            var store = new CredentialsStore(settings.CredentialsFile, sp.GetRequiredService<ILogger<CredentialsStore>>());
            store.LoadOrCreate(settings.InitialAdministratorSecret);
            return store;
        });
        builder.Services.AddSingleton<IRemoteSystemConnector, GatewayRemoteSystemConnector>();
        // Before Orleans: hosted services start in registration order, so a bad credentials file stops the silo first.
        builder.Services.AddHostedService<CredentialsCheck>();
        builder.AddSiloRuntime(settings);
        builder.Services.AddHostedService<DataFolderStartup>();
        return settings;
    }

    /// <summary>
    /// Maps <c>GET /health</c>: 200 with the system's name, uptime, cluster kind and this silo's address (what other
    /// silos and the membership table know it by) while running, 503 once stopping.
    /// </summary>
    public static WebApplication MapOrleansHaHealth(this WebApplication app)
    {
        var started = Stopwatch.StartNew();
        app.MapGet("/health", (SiloSettings settings, IHostApplicationLifetime lifetime, ILocalSiloDetails silo) =>
        {
            var stopping = lifetime.ApplicationStopping.IsCancellationRequested;
            var running = lifetime.ApplicationStarted.IsCancellationRequested && !stopping;
            return Results.Json(
                new { status = running ? "healthy" : stopping ? "stopping" : "starting", system = settings.SystemName, uptime = started.Elapsed.ToString(), gateway = settings.Gateway.ToString(), cluster = settings.Cluster.ToString().ToLowerInvariant(), silo = silo.SiloAddress.ToString() },
                statusCode: running ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        return app;
    }

    /// <summary>
    /// Runs until SIGTERM or Ctrl+C. A failure to start is one line on standard error naming the problem and what to
    /// do (the log file keeps the details): exit code 2 for a setting or a file the operator gives (the credentials
    /// file, the signing key), 1 for anything else (a port in use).
    /// </summary>
    public static async Task<int> RunOrleansHaSiloAsync(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<SiloSettings>();
        using var serilog = app.Services.GetRequiredService<Serilog.Core.Logger>();

        // Orleans reports a port in use without naming it, and only after opening the database: check first.
        if (SiloStartFailure.BusyEndpoints(settings) is { } busy)
        {
            return await FailAsync(busy, SiloStartFailure.RuntimeError, error: null);
        }

        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (Exception error)
        {
            var (reason, exitCode) = SiloStartFailure.Describe(error, settings);
            return await FailAsync(reason, exitCode, error);
        }

        async Task<int> FailAsync(string reason, int exitCode, Exception? error)
        {
            using (var loggers = new Serilog.Extensions.Logging.SerilogLoggerFactory(serilog))
            {
                loggers.CreateLogger("OrleansHa.Silo").LogSiloFailed(reason, error);
            }

            await Console.Error.WriteLineAsync($"OrleansHa: the silo could not start or stopped with an error: {reason} (details in {SiloLogging.LogFolder(settings)})");
            return exitCode;
        }
    }
}
