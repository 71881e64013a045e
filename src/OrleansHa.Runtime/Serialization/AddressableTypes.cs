namespace OrleansHa.Runtime.Serialization;

/// <summary>
/// Recognises grain references (and grains): any type implementing <c>Orleans.Runtime.IAddressable</c>.
/// The check is by interface name so it works whichever assembly declares the interface.
/// </summary>
internal static class AddressableTypes
{
    private const string AddressableName = "Orleans.Runtime.IAddressable";

    public static bool IsAddressable(Type type)
    {
        if (type.IsInterface && type.FullName == AddressableName)
        {
            return true;
        }

        foreach (var implemented in type.GetInterfaces())
        {
            if (implemented.FullName == AddressableName)
            {
                return true;
            }
        }

        return false;
    }
}
