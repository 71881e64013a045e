using System.Reflection;
using System.Runtime.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using OrleansHa.Runtime.Invocation;
using OrleansHa.Runtime.Serialization;

namespace OrleansHa.Runtime.Tests.Serialization;

public interface ISerializationProbeGrain : IGrainWithStringKey
{
    /// <summary>Never called: the tests only carry references.</summary>
    Task<int> PingAsync();
}

[GenerateSerializer]
public sealed class ReferenceHolder
{
    [Id(0)]
    public ISerializationProbeGrain? Grain { get; set; }

    [Id(1)]
    public List<IAddressable> Others { get; set; } = [];
}

/// <summary>Grain references inside values travel as interface and grain id, through the codec the gateway supplies.</summary>
public sealed class BinarySerializerGrainReferenceTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().BuildServiceProvider();
    private readonly GrainReferenceFactory _factory;
    private readonly BinarySerializer _serializer;

    public BinarySerializerGrainReferenceTests()
    {
        _factory = new GrainReferenceFactory(new UnusedInvoker(), new GrainTypeTable([]), _services);
        _serializer = new BinarySerializer(new FactoryCodec(_factory));
    }

    [Fact]
    public void Deserialize_WhenValueHoldsGrainReferences_CreatesReferencesToTheSameGrains()
    {
        var first = _factory.GetGrain<ISerializationProbeGrain>(GrainId.Create("probe", "one"));
        var second = _factory.GetGrain<ISerializationProbeGrain>(GrainId.Create("probe", "two/with/slashes"));
        var holder = new ReferenceHolder { Grain = first, Others = [second, first] };

        var bytes = _serializer.SerializeToArray(holder);
        var copy = (ReferenceHolder)_serializer.Deserialize(bytes, typeof(ReferenceHolder))!;

        Assert.Equal(first.GetGrainId(), copy.Grain!.GetGrainId());
        Assert.Equal(second.GetGrainId(), copy.Others[0].GetGrainId());
        Assert.IsAssignableFrom<ISerializationProbeGrain>(copy.Others[1]);
        Assert.True(GrainReferenceInfo.TryGet(copy.Others[1], out _, out var grainInterface));
        Assert.Equal(typeof(ISerializationProbeGrain), grainInterface);
    }

    [Fact]
    public void Serialize_WhenNoReferenceCodec_ThrowsNamingTheCodec()
    {
        var holder = new ReferenceHolder { Grain = _factory.GetGrain<ISerializationProbeGrain>(GrainId.Create("probe", "one")) };

        var error = Assert.Throws<SerializationException>(() => new BinarySerializer().SerializeToArray(holder));

        Assert.Contains(nameof(IGrainReferenceCodec), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Copy_WhenGrainReference_PassesTheSameReference()
    {
        var reference = _factory.GetGrain<ISerializationProbeGrain>(GrainId.Create("probe", "one"));
        var holder = new ReferenceHolder { Grain = reference };

        var copy = DeepCopier.Default.Copy(holder);

        Assert.NotSame(holder, copy);
        Assert.Same(reference, copy.Grain);
        Assert.True(DeepCopier.IsShallowCopyable(typeof(ISerializationProbeGrain)));
    }

    public void Dispose() => _services.Dispose();

    private sealed class FactoryCodec(GrainReferenceFactory factory) : IGrainReferenceCodec
    {
        public bool TryGetReference(object value, out GrainId grainId, out Type grainInterface)
            => GrainReferenceInfo.TryGet(value, out grainId, out grainInterface);

        public object CreateReference(GrainId grainId, Type grainInterface) => factory.GetGrain(grainInterface, grainId);
    }

    private sealed class UnusedInvoker : IGrainCallInvoker
    {
        public Task<object?> InvokeAsync(GrainId target, MethodInfo interfaceMethod, object?[] arguments)
            => throw new InvalidOperationException("These tests carry references and never call through them.");
    }
}
