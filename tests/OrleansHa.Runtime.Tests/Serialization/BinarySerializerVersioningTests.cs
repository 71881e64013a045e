namespace OrleansHa.Runtime.Tests.Serialization;

/// <summary>Two versions of one contract (same alias): each reads the other's bytes.</summary>
public sealed class BinarySerializerVersioningTests
{
    [Fact]
    public void Deserialize_WhenNewerVersionReadsOlderBytes_KeepsDefaultsForMissingMembers()
    {
        var old = new ContractV1 { Name = "n", Count = 3, Owner = new Person { Name = "o" } };
        var bytes = RoundTrip.Serializer.SerializeToArray(old);

        var read = (ContractV2)RoundTrip.Serializer.Deserialize(bytes, typeof(ContractV2))!;

        Assert.Equal(("n", 3, "o"), (read.Name, read.Count, read.Owner!.Name));
        Assert.Empty(read.People);
        Assert.Equal("unset", read.Note);
    }

    [Fact]
    public void Deserialize_WhenOlderVersionReadsNewerBytes_SkipsUnknownMembersAndKeepsReferencesInStep()
    {
        var shared = new Person { Name = "shared", Tags = ["t"] };
        var owner = new Person { Name = "owner" };
        owner.Friend = owner;
        var newer = new ContractV2 { Name = "n", Count = 4, People = [shared, shared, new Person()], Note = "x", Owner = owner };
        var bytes = RoundTrip.Serializer.SerializeToArray(newer);

        var read = (ContractV1)RoundTrip.Serializer.Deserialize(bytes, typeof(ContractV1))!;

        Assert.Equal(("n", 4, "owner"), (read.Name, read.Count, read.Owner!.Name));
        Assert.Same(read.Owner, read.Owner.Friend);
    }

    [Fact]
    public void Deserialize_WhenObjectMemberNamesAliasOfTwoTypes_ThrowsNamingTheAlias()
    {
        var bytes = RoundTrip.Serializer.SerializeToArray(new Holder<object> { Value = new ContractV2 { Name = "v2" } });

        var error = Assert.Throws<System.Runtime.Serialization.SerializationException>(
            () => RoundTrip.Serializer.Deserialize(bytes, typeof(Holder<object>)));

        Assert.Contains("test.contract", error.Message, StringComparison.Ordinal);
        Assert.Contains("several types", error.Message, StringComparison.Ordinal);
    }
}
