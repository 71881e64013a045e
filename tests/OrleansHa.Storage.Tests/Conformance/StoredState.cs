namespace OrleansHa.Storage.Tests.Conformance;

/// <summary>The grain state a test hands a provider: like Orleans' <see cref="GrainState{T}"/>, with a state that is never null.</summary>
public sealed class StoredState(TestState state, string? eTag = null) : IGrainState<TestState>
{
    public StoredState(string name = "", int count = 0)
        : this(new TestState { Name = name, Count = count })
    {
    }

    public TestState State { get; set; } = state;

    public string? ETag { get; set; } = eTag;

    public bool RecordExists { get; set; }

    TestState? IGrainState<TestState>.State
    {
        get => State;
        set => State = value!;
    }
}
