using System.Globalization;
using System.Reflection;
using OrleansHa.Benchmarks;

// Usage: dotnet run -c Release --project tests/OrleansHa.Benchmarks -- [suite ...] [--quick] [--file-sets N] [--list]
// With no suite named, every suite runs. Progress goes to stderr, the table to stdout.
var suites = typeof(IBenchmarkSuite).Assembly.GetTypes()
    .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IBenchmarkSuite).IsAssignableFrom(t))
    .Select(t => (IBenchmarkSuite)Activator.CreateInstance(t)!)
    .OrderBy(s => s.Name, StringComparer.Ordinal)
    .ToList();

var quick = args.Contains("--quick");
int? fileSets = null;
var sizeAt = Array.IndexOf(args, "--file-sets");
if (sizeAt >= 0)
{
    if (sizeAt + 1 >= args.Length || !int.TryParse(args[sizeAt + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size is < 10 or > 1_000_000)
    {
        Console.Error.WriteLine("--file-sets needs a number of file sets from 10 to 1000000 (e.g. --file-sets 10000).");
        return 2;
    }

    fileSets = size;
}

var names = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && !(sizeAt >= 0 && i == sizeAt + 1)).ToList();
if (args.Contains("--list"))
{
    foreach (var suite in suites)
    {
        Console.WriteLine($"{suite.Name,-10} {suite.Description}");
    }

    return 0;
}

var unknown = names.Where(n => suites.All(s => s.Name != n)).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"Unknown suite(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", suites.Select(s => s.Name))}.");
    return 2;
}

if (!quick && typeof(IBenchmarkSuite).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration != "Release")
{
    Console.Error.WriteLine("Warning: not a Release build; figures will be low. Run with -c Release.");
}

var selected = names.Count == 0 ? suites : suites.Where(s => names.Contains(s.Name)).ToList();
var failed = 0;
foreach (var suite in selected)
{
    var work = Path.Combine(Path.GetTempPath(), $"orleansha-bench-{suite.Name}-{Environment.ProcessId}");
    Directory.CreateDirectory(work);
    try
    {
        Console.Error.WriteLine($"[{suite.Name}] {suite.Description}{(quick ? " (quick)" : string.Empty)}");
        var rows = await suite.RunAsync(new BenchmarkContext(work, quick, Console.Error, fileSets), CancellationToken.None);
        TablePrinter.Print(Console.Out, suite.Name + (quick ? " (quick)" : string.Empty), rows, suite.Note);
        failed += rows.Count(r => r.Met == false);
    }
    finally
    {
        try
        {
            Directory.Delete(work, recursive: true);
        }
        catch (IOException)
        {
            // A leftover scratch folder in /tmp is harmless; the figures are what matter.
        }
    }
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{failed} target(s) missed."));
return 0;
