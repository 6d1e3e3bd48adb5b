namespace EventFrame.IO.Root;

/// <summary>One data member (or base class) of a class as a TStreamerElement describes it.</summary>
/// <param name="ElementClass">The TStreamerElement subclass, e.g. <c>TStreamerBasicType</c>, <c>TStreamerSTL</c>.</param>
/// <param name="Name">Member name (or base class name).</param>
/// <param name="Title">Member comment, e.g. <c>[fN]</c> for pointer arrays.</param>
/// <param name="Type">TStreamerInfo type code (e.g. 3 int, 5 float, 300 STL, 365 std::string).</param>
/// <param name="TypeName">C++ type name, e.g. <c>vector&lt;short&gt;</c>.</param>
/// <param name="ArrayLength">Total length of a fixed array member (0 if not an array).</param>
public sealed record RootStreamerElement(string ElementClass, string Name, string Title, int Type, string TypeName, int ArrayLength);

/// <summary>A TStreamerInfo from the file's StreamerInfo list: how one version of a class is streamed.</summary>
/// <param name="ClassName">The class.</param>
/// <param name="ClassVersion">fClassVersion.</param>
/// <param name="CheckSum">fCheckSum.</param>
/// <param name="Elements">fElements: the members and bases in streaming order (TBranchElement.fID indexes them).</param>
public sealed record RootStreamerInfo(string ClassName, int ClassVersion, uint CheckSum, IReadOnlyList<RootStreamerElement> Elements);
