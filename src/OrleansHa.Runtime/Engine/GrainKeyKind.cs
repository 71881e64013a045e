namespace OrleansHa.Runtime.Engine;

/// <summary>The kind of key a grain interface or grain class declares through its <c>IGrainWith*Key</c> interface.</summary>
internal enum GrainKeyKind
{
    Unknown,
    String,
    Guid,
    Integer,
    GuidCompound,
    IntegerCompound,
}
