using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using Orleans;
using OrleansHa.Runtime.Serialization;

namespace OrleansHa.Benchmarks;

/// <summary>
/// The wire format and the copier: round trips of a small record and of 1 MiB of bytes beside
/// System.Text.Json with the same values, and deep copies of a small mutable class beside a hand-written copy.
/// </summary>
public sealed class SerializerBenchmarks : IBenchmarkSuite
{
    private static readonly JsonSerializerOptions Json = new() { IncludeFields = true };

    /// <inheritdoc/>
    public string Name => "serializer";

    /// <inheritdoc/>
    public string Description => "binary round trips (small record, 1 MiB bytes) beside System.Text.Json; deep copies beside a hand-written copy";

    /// <inheritdoc/>
    public Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var duration = TimeSpan.FromMilliseconds(context.Quick ? 200 : 1500);
        var serializer = new BinarySerializer();
        var rows = new List<BenchmarkResult>();

        var order = BenchOrder.Sample();
        Check(order, serializer.Deserialize<BenchOrder>(new ReadOnlySequence<byte>(serializer.SerializeToArray(order))));
        context.Log.WriteLine("[serializer] small record round trips");
        var ours = Measure(duration, () => serializer.Deserialize<BenchOrder>(new ReadOnlySequence<byte>(serializer.SerializeToArray(order))));
        var json = Measure(duration, () => JsonSerializer.Deserialize<BenchOrder>(JsonSerializer.SerializeToUtf8Bytes(order, Json), Json));
        rows.Add(new("small record serialize+deserialize", ours, json, "ops/s", "System.Text.Json", "ratio ≥ 1", ours >= json));
        var oursSize = serializer.SerializeToArray(order).Length;
        var jsonSize = JsonSerializer.SerializeToUtf8Bytes(order, Json).Length;
        rows.Add(new("small record encoded size (lower is better)", oursSize, jsonSize, "bytes", "System.Text.Json", "ratio ≤ 1", oursSize <= jsonSize));

        var payload = new byte[1 << 20];
        new Random(42).NextBytes(payload);
        context.Log.WriteLine("[serializer] 1 MiB byte[] round trips");
        var bytesOurs = Measure(duration, () => serializer.Deserialize<byte[]>(new ReadOnlySequence<byte>(serializer.SerializeToArray(payload)))) * payload.Length / 1e6;
        var bytesJson = Measure(duration, () => JsonSerializer.Deserialize<byte[]>(JsonSerializer.SerializeToUtf8Bytes(payload, Json), Json)) * payload.Length / 1e6;
        rows.Add(new("1 MiB byte[] serialize+deserialize", bytesOurs, bytesJson, "MB/s", "System.Text.Json (base64)", "≥ 1,000", bytesOurs >= 1000));

        // The floor for any serializer that returns a new array and reads into a new array: two copies.
        var floor = Measure(duration, () => payload.AsSpan().ToArray().AsSpan().ToArray()) * payload.Length / 1e6;
        rows.Add(new("1 MiB byte[] serialize+deserialize vs copies", bytesOurs, floor, "MB/s", "two plain array copies", "ratio ≥ 0.5", bytesOurs >= floor * 0.5));

        var pipe = new ArrayBufferWriter<byte>(payload.Length + 64);
        var bytesWriter = Measure(duration, () =>
        {
            pipe.ResetWrittenCount();
            serializer.Serialize(pipe, payload);
            return serializer.Deserialize<byte[]>(new ReadOnlySequence<byte>(pipe.WrittenMemory));
        }) * payload.Length / 1e6;
        rows.Add(new("1 MiB byte[] via IBufferWriter + sequence", bytesWriter, bytesJson, "MB/s", "System.Text.Json (base64)", "≥ 1,000", bytesWriter >= 1000));

        var person = BenchPerson.Sample();
        context.Log.WriteLine("[serializer] deep copies");
        var copies = Measure(duration, () => DeepCopier.Default.Copy(person));
        var handCopies = Measure(duration, () => person.HandCopy());
        rows.Add(new("deep copy of a small mutable class", copies, handCopies, "ops/s", "hand-written copy", "ratio ≥ 0.25", copies >= handCopies * 0.25));

        var point = new BenchPoint(1, 2);
        var shallow = Measure(duration, () => DeepCopier.Default.Copy(point));
        var allocated = AllocatedPerCall(() => DeepCopier.Default.Copy(point));
        rows.Add(new("copy of an [Immutable] record (passed as is)", shallow, null, "ops/s", "-", "-", null));
        rows.Add(new("bytes allocated per [Immutable] copy", allocated, null, "bytes", "-", "= 0", allocated == 0));
        return Task.FromResult<IReadOnlyList<BenchmarkResult>>(rows);
    }

    /// <summary>Calls per second: warm up, then the best of three timed rounds (shared machines are noisy).</summary>
    private static double Measure<T>(TimeSpan duration, Func<T> action)
    {
        for (var i = 0; i < 200; i++)
        {
            GC.KeepAlive(action());
        }

        var best = 0.0;
        for (var round = 0; round < 3; round++)
        {
            var watch = Stopwatch.StartNew();
            long calls = 0;
            while (watch.Elapsed < duration)
            {
                for (var i = 0; i < 64; i++)
                {
                    GC.KeepAlive(action());
                }

                calls += 64;
            }

            best = Math.Max(best, calls / watch.Elapsed.TotalSeconds);
        }

        return best;
    }

    private static double AllocatedPerCall<T>(Func<T> action)
    {
        const int Calls = 100_000;
        GC.KeepAlive(action());
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Calls; i++)
        {
            GC.KeepAlive(action());
        }

        return (double)(GC.GetAllocatedBytesForCurrentThread() - before) / Calls;
    }

    private static void Check(BenchOrder expected, BenchOrder actual)
    {
        if (expected.Id != actual.Id || expected.Customer != actual.Customer || !expected.Lines.SequenceEqual(actual.Lines))
        {
            throw new InvalidOperationException("The serializer's round trip changed the benchmark record.");
        }
    }
}

/// <summary>A small message record, as grains exchange.</summary>
[GenerateSerializer, Immutable]
public sealed record BenchOrder(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Customer,
    [property: Id(2)] int Quantity,
    [property: Id(3)] decimal Price,
    [property: Id(4)] DateTime Created,
    [property: Id(5)] bool Express,
    [property: Id(6)] List<string> Lines)
{
    public static BenchOrder Sample() => new(
        Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), "customer-42", 3, 19.99m,
        new DateTime(2026, 11, 21, 10, 30, 0, DateTimeKind.Utc), true, ["sku-1", "sku-2"]);
}

/// <summary>A small mutable class, as a grain's state or a request object.</summary>
[GenerateSerializer]
public sealed class BenchPerson
{
    [Id(0)]
    public string Name { get; set; } = string.Empty;

    [Id(1)]
    public int Age { get; set; }

    [Id(2)]
    public List<string> Tags { get; set; } = [];

    [Id(3)]
    public int[] Scores { get; set; } = [];

    public static BenchPerson Sample() => new() { Name = "Ada", Age = 36, Tags = ["math", "engines"], Scores = [1, 2, 3] };

    /// <summary>What a careful engineer would write by hand.</summary>
    public BenchPerson HandCopy() => new() { Name = Name, Age = Age, Tags = [.. Tags], Scores = (int[])Scores.Clone() };
}

[GenerateSerializer, Immutable]
public sealed record BenchPoint([property: Id(0)] int X, [property: Id(1)] int Y);
