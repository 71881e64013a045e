using OrleansHa.Silo.Hosting;

// The OrleansHa silo: settings, logging, the runtime and its storage, the grains, the gateway, GET /health.
// With no configuration it runs on SQLite in ./data with its gateway on 127.0.0.1:30000 (see SiloHostOptions).
var builder = SiloHostExtensions.CreateSiloBuilder(args);
try
{
    builder.AddOrleansHaSilo();
}
catch (SiloConfigurationException error)
{
    Console.Error.WriteLine(error.Message);
    return 2;
}

var app = builder.Build();
app.MapOrleansHaHealth();
return await app.RunOrleansHaSiloAsync();
