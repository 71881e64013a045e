using Orleans.Runtime;

namespace OrleansHa.Runtime.Serialization;

/// <summary>Recognises grains, grain references and observer references: any type implementing <see cref="IAddressable"/>.</summary>
internal static class AddressableTypes
{
    public static bool IsAddressable(Type type) => typeof(IAddressable).IsAssignableFrom(type);
}
