namespace EventFrame.IO.Root.Writing;

/// <summary>
/// The TStreamerInfo records of the classes the writer produces (ROOT 6 versions), written as the file's
/// "StreamerInfo" TList so that ROOT, JSROOT and other readers that follow StreamerInfo can decode the objects.
/// The member lists and checksums are those ROOT 6 records for these class versions; the table below is
/// <c>class version checksum</c> followed by one line per element:
/// <code>
/// B base type checksum baseVersion [hashChecksum]   (TStreamerBase; type 66 TObject, 67 TNamed, 0 other bases;
///                                    hashChecksum when the class checksum differs from the value stored, see TArrayD)
/// T name type size typeName          (TStreamerBasicType)
/// P name type size typeName countName countClass countVersion   (TStreamerBasicPointer, "[count]" arrays)
/// A name size typeName               (TStreamerObjectAny, type 62)
/// O name size typeName               (TStreamerObject, type 61)
/// R name type typeName               (TStreamerObjectPointer, type 63 owned / 64 not owned)
/// S name                             (TStreamerString, type 65)
/// </code>
/// Each class checksum is also computed by <see cref="ComputeCheckSum"/> (ROOT's TStreamerInfo::GetCheckSum, latest
/// variant); the tests check the two agree for every class. TProfile v7 and TProfile2D v8, which no sample file holds,
/// were computed that way and agree with the StreamerInfo records ROOT 6 wrote that uproot ships (uproot/models/TH.py).
/// </summary>
internal static class RootStreamerInfos
{
    private const string Table = """
TObject 1 0x901bc02d
T fUniqueID 13 4 unsigned~int
T fBits 15 4 unsigned~int
TNamed 1 0xdfb74a3c
B TObject 66 0x901bc02d 1
S fName
S fTitle
TAttLine 2 0x94074549
T fLineColor 2 2 short
T fLineStyle 2 2 short
T fLineWidth 2 2 short
TAttFill 2 0xffd92a92
T fFillColor 2 2 short
T fFillStyle 2 2 short
TAttMarker 2 0x291d8bec
T fMarkerColor 2 2 short
T fMarkerStyle 2 2 short
T fMarkerSize 5 4 float
TAttAxis 4 0x5c6fff3e
T fNdivisions 3 4 int
T fAxisColor 2 2 short
T fLabelColor 2 2 short
T fLabelFont 2 2 short
T fLabelOffset 5 4 float
T fLabelSize 5 4 float
T fTickLength 5 4 float
T fTitleOffset 5 4 float
T fTitleSize 5 4 float
T fTitleColor 2 2 short
T fTitleFont 2 2 short
TAxis 10 0x5a496e70
B TNamed 67 0xdfb74a3c 1
B TAttAxis 0 0x5c6fff3e 4
T fNbins 3 4 int
T fXmin 8 8 double
T fXmax 8 8 double
A fXbins 24 TArrayD
T fFirst 3 4 int
T fLast 3 4 int
T fBits2 12 2 unsigned~short
T fTimeDisplay 18 1 bool
S fTimeFormat
R fLabels 64 THashList*
R fModLabs 64 TList*
TH1 8 0x1c3740c4
B TNamed 67 0xdfb74a3c 1
B TAttLine 0 0x94074549 2
B TAttFill 0 0xffd92a92 2
B TAttMarker 0 0x291d8bec 2
T fNcells 3 4 int
O fXaxis 216 TAxis
O fYaxis 216 TAxis
O fZaxis 216 TAxis
T fBarOffset 2 2 short
T fBarWidth 2 2 short
T fEntries 8 8 double
T fTsumw 8 8 double
T fTsumw2 8 8 double
T fTsumwx 8 8 double
T fTsumwx2 8 8 double
T fMaximum 8 8 double
T fMinimum 8 8 double
T fNormFactor 8 8 double
A fContour 24 TArrayD
A fSumw2 24 TArrayD
S fOption
R fFunctions 63 TList*
T fBufferSize 6 4 int
P fBuffer 48 8 double* fBufferSize TH1 8
T fBinStatErrOpt 3 4 TH1::EBinErrorOpt
T fStatOverflows 3 4 TH1::EStatOverflows
TH1D 3 0xf9b1569f
B TH1 0 0x1c3740c4 8
B TArrayD 0 0x713a4b34 1 0x7139ef34
TH2 5 0x0182347f
B TH1 0 0x1c3740c4 8
T fScalefactor 8 8 double
T fTsumwy 8 8 double
T fTsumwy2 8 8 double
T fTsumwxy 8 8 double
TH2D 4 0x7fba82f0
B TH2 0 0x0182347f 5
B TArrayD 0 0x713a4b34 1 0x7139ef34
TAtt3D 1 0x0000757a
TH3 6 0x42d2445f
B TH1 0 0x1c3740c4 8
B TAtt3D 0 0x0000757a 1
T fTsumwy 8 8 double
T fTsumwy2 8 8 double
T fTsumwxy 8 8 double
T fTsumwz 8 8 double
T fTsumwz2 8 8 double
T fTsumwxz 8 8 double
T fTsumwyz 8 8 double
TH3D 4 0x64b9ff86
B TH3 0 0x42d2445f 6
B TArrayD 0 0x713a4b34 1 0x7139ef34
TProfile 7 0x4bedee54
B TH1D 0 0xf9b1569f 3
A fBinEntries 24 TArrayD
T fErrorMode 3 4 EErrorType
T fYmin 8 8 double
T fYmax 8 8 double
T fTsumwy 8 8 double
T fTsumwy2 8 8 double
A fBinSumw2 24 TArrayD
TProfile2D 8 0x36a142ac
B TH2D 0 0x7fba82f0 4
A fBinEntries 24 TArrayD
T fErrorMode 3 4 EErrorType
T fZmin 8 8 double
T fZmax 8 8 double
T fTsumwz 8 8 double
T fTsumwz2 8 8 double
A fBinSumw2 24 TArrayD
ROOT::TIOFeatures 1 0x1aa12f10
T fIOBits 11 1 unsigned~char
TTree 20 0x7264e07f
B TNamed 67 0xdfb74a3c 1
B TAttLine 0 0x94074549 2
B TAttFill 0 0xffd92a92 2
B TAttMarker 0 0x291d8bec 2
T fEntries 16 8 Long64_t
T fTotBytes 16 8 Long64_t
T fZipBytes 16 8 Long64_t
T fSavedBytes 16 8 Long64_t
T fFlushedBytes 16 8 Long64_t
T fWeight 8 8 double
T fTimerInterval 3 4 int
T fScanField 3 4 int
T fUpdate 3 4 int
T fDefaultEntryOffsetLen 3 4 int
T fNClusterRange 6 4 int
T fMaxEntries 16 8 Long64_t
T fMaxEntryLoop 16 8 Long64_t
T fMaxVirtualSize 16 8 Long64_t
T fAutoSave 16 8 Long64_t
T fAutoFlush 16 8 Long64_t
T fEstimate 16 8 Long64_t
P fClusterRangeEnd 56 8 Long64_t* fNClusterRange TTree 20
P fClusterSize 56 8 Long64_t* fNClusterRange TTree 20
A fIOFeatures 1 ROOT::TIOFeatures
O fBranches 64 TObjArray
O fLeaves 64 TObjArray
R fAliases 64 TList*
A fIndexValues 24 TArrayD
A fIndex 24 TArrayI
R fTreeIndex 64 TVirtualIndex*
R fFriends 64 TList*
R fUserInfo 64 TList*
R fBranchRef 64 TBranchRef*
TBranch 13 0x10978aac
B TNamed 67 0xdfb74a3c 1
B TAttFill 0 0xffd92a92 2
T fCompress 3 4 int
T fBasketSize 3 4 int
T fEntryOffsetLen 3 4 int
T fWriteBasket 3 4 int
T fEntryNumber 16 8 Long64_t
A fIOFeatures 1 ROOT::TIOFeatures
T fOffset 3 4 int
T fMaxBaskets 6 4 int
T fSplitLevel 3 4 int
T fEntries 16 8 Long64_t
T fFirstEntry 16 8 Long64_t
T fTotBytes 16 8 Long64_t
T fZipBytes 16 8 Long64_t
O fBranches 64 TObjArray
O fLeaves 64 TObjArray
O fBaskets 64 TObjArray
P fBasketBytes 43 4 int* fMaxBaskets TBranch 13
P fBasketEntry 56 8 Long64_t* fMaxBaskets TBranch 13
P fBasketSeek 56 8 Long64_t* fMaxBaskets TBranch 13
S fFileName
TLeaf 2 0x6d1e8152
B TNamed 67 0xdfb74a3c 1
T fLen 3 4 int
T fLenType 3 4 int
T fOffset 3 4 int
T fIsRange 18 1 bool
T fIsUnsigned 18 1 bool
R fLeafCount 64 TLeaf*
TBranchElement 10 0xe74f5e63
B TBranch 0 0x10978aac 13
S fClassName
S fParentName
S fClonesName
T fCheckSum 13 4 unsigned~int
T fClassVersion 2 2 short
T fID 3 4 int
T fType 3 4 int
T fStreamerType 3 4 int
T fMaximum 3 4 int
R fBranchCount 64 TBranchElement*
R fBranchCount2 64 TBranchElement*
TLeafElement 1 0xa04f8893
B TLeaf 0 0x6d1e8152 2
T fID 3 4 int
T fType 3 4 int
TLeafO 1 0x02ae48d3
B TLeaf 0 0x6d1e8152 2
T fMinimum 18 1 bool
T fMaximum 18 1 bool
TLeafB 1 0x0f1e4b5e
B TLeaf 0 0x6d1e8152 2
T fMinimum 1 1 char
T fMaximum 1 1 char
TLeafS 1 0x150ceecf
B TLeaf 0 0x6d1e8152 2
T fMinimum 2 2 short
T fMaximum 2 2 short
TLeafI 1 0x7e6aae19
B TLeaf 0 0x6d1e8152 2
T fMinimum 3 4 int
T fMaximum 3 4 int
TLeafL 1 0xde320862
B TLeaf 0 0x6d1e8152 2
T fMinimum 16 8 Long64_t
T fMaximum 16 8 Long64_t
TLeafF 1 0x3add9d72
B TLeaf 0 0x6d1e8152 2
T fMinimum 5 4 float
T fMaximum 5 4 float
TLeafD 1 0x118e8776
B TLeaf 0 0x6d1e8152 2
T fMinimum 8 8 double
T fMaximum 8 8 double
TLeafC 1 0xfbe3b2f3
B TLeaf 0 0x6d1e8152 2
T fMinimum 3 4 int
T fMaximum 3 4 int
""";

    private sealed record ClassInfo(string Name, int Version, uint CheckSum, List<string[]> Elements);

    private static readonly Dictionary<string, ClassInfo> s_classes = Parse();

    private static Dictionary<string, ClassInfo> Parse()
    {
        var result = new Dictionary<string, ClassInfo>(StringComparer.Ordinal);
        ClassInfo? current = null;
        foreach (var line in Table.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var f = line.Split(' ');
            if (f[0].Length > 1)
            {
                current = new ClassInfo(f[0], int.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture), Convert.ToUInt32(f[2], 16), []);
                result.Add(current.Name, current);
            }
            else current!.Elements.Add(f);
        }
        return result;
    }

    /// <summary>The checksum recorded in the table for <paramref name="className"/>.</summary>
    public static uint TableCheckSum(string className) => s_classes[className].CheckSum;

    /// <summary>The classes in the table.</summary>
    public static IEnumerable<string> ClassNames => s_classes.Keys;

    /// <summary>
    /// ROOT's class checksum computed from the StreamerInfo (TStreamerInfo::GetCheckSum, kLatestCheckSum): starting from
    /// 0, every character c of a name folds in as <c>id = id * 3 + c</c> (mod 2^32), in this order: the class name; for each
    /// base, its name and then its checksum; for each member, +1 first if it is an enum (type 3 with a non-basic
    /// type name), its name, its type name, and the characters between the brackets of a "[count]" title.
    /// </summary>
    public static uint ComputeCheckSum(string className)
    {
        var info = s_classes[className];
        uint id = 0;
        void Fold(string text)
        {
            foreach (char c in text) id = unchecked(id * 3 + c);
        }
        Fold(info.Name);
        foreach (var e in info.Elements)
        {
            if (e[0] != "B") continue;
            Fold(e[1]);
            // TArrayD has no StreamerInfo of its own: the checksum ROOT folds in differs from the one it stores (ROOT files' TH1D/TH2D/TH3D agree on it).
            id = unchecked(id * 3 + Convert.ToUInt32(e.Length > 5 ? e[5] : e[3], 16));
        }
        foreach (var e in info.Elements)
        {
            string typeName;
            switch (e[0])
            {
                case "B": continue;
                case "T":
                    typeName = e[4].Replace('~', ' ');
                    if (e[2] == "3" && typeName is not ("int" or "Int_t")) id = unchecked(id * 3 + 1);
                    break;
                case "P": typeName = e[4]; break;
                case "A" or "O": typeName = e[3]; break;
                case "R": typeName = e[3]; break;
                default: typeName = "TString"; break;
            }
            Fold(e[1]);
            Fold(typeName);
            if (e[0] == "P") Fold(e[5]);
        }
        return id;
    }

    /// <summary>True if the table has a StreamerInfo for <paramref name="className"/>.</summary>
    public static bool Has(string className) => s_classes.ContainsKey(className);

    /// <summary>The class version the writer streams for <paramref name="className"/>.</summary>
    public static int VersionOf(string className) => s_classes[className].Version;

    /// <summary>Adds <paramref name="className"/> and every class its StreamerInfo refers to (bases, object members) to <paramref name="closure"/>, bases first.</summary>
    private static void Close(string className, List<string> closure, HashSet<string> seen)
    {
        if (!s_classes.TryGetValue(className, out var info) || !seen.Add(className)) return;
        foreach (var e in info.Elements)
        {
            if (e[0] == "B") Close(e[1], closure, seen);
            else if (e[0] is "A" or "O") Close(e[3], closure, seen);
        }
        closure.Add(className);
    }

    /// <summary>Writes the StreamerInfo TList (version 5) with the records of <paramref name="classes"/> and their dependencies.</summary>
    public static void WriteList(RootBuffer b, IEnumerable<string> classes)
    {
        var closure = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in classes.Order(StringComparer.Ordinal)) Close(c, closure, seen);
        int list = b.BeginObject(5);
        b.TObject();
        b.String("");
        b.I32(closure.Count);
        foreach (var c in closure)
        {
            WriteInfo(b, s_classes[c]);
            b.U8(0); // the entry's option string
        }
        b.EndObject(list);
    }

    private static void WriteInfo(RootBuffer b, ClassInfo info)
    {
        int ptr = b.BeginPointer("TStreamerInfo");
        int obj = b.BeginObject(9);
        b.TNamed(info.Name, "", 0x00010000);
        b.U32(info.CheckSum);
        b.I32(info.Version);
        int arrPtr = b.BeginPointer("TObjArray");
        int arr = b.BeginObject(3);
        b.TObject();
        b.String("");
        b.I32(info.Elements.Count);
        b.I32(0);
        foreach (var e in info.Elements) WriteElement(b, e);
        b.EndObject(arr);
        b.EndObject(arrPtr);
        b.EndObject(obj);
        b.EndObject(ptr);
    }

    private static int I(string s) => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    private static void WriteElement(RootBuffer b, string[] e)
    {
        static string Type(string s) => s.Replace('~', ' ');
        switch (e[0])
        {
            case "B":
                {
                    int p = b.BeginPointer("TStreamerBase");
                    int o = b.BeginObject(3);
                    Element(b, e[1], "", I(e[2]), 0, "BASE", Convert.ToUInt32(e[3], 16));
                    b.I32(I(e[4]));
                    b.EndObject(o);
                    b.EndObject(p);
                    break;
                }
            case "T":
                Simple(b, "TStreamerBasicType", e[1], "", I(e[2]), I(e[3]), Type(e[4]));
                break;
            case "P":
                {
                    int p = b.BeginPointer("TStreamerBasicPointer");
                    int o = b.BeginObject(2);
                    Element(b, e[1], $"[{e[5]}]", I(e[2]), I(e[3]), e[4], 0);
                    b.I32(I(e[7]));
                    b.String(e[5]);
                    b.String(e[6]);
                    b.EndObject(o);
                    b.EndObject(p);
                    break;
                }
            case "A":
                Simple(b, "TStreamerObjectAny", e[1], "", 62, I(e[2]), e[3]);
                break;
            case "O":
                Simple(b, "TStreamerObject", e[1], "", 61, I(e[2]), e[3]);
                break;
            case "R":
                Simple(b, "TStreamerObjectPointer", e[1], "", I(e[2]), 8, e[3]);
                break;
            default:
                Simple(b, "TStreamerString", e[1], "", 65, 24, "TString");
                break;
        }
    }

    private static void Simple(RootBuffer b, string cls, string name, string title, int type, int size, string typeName)
    {
        int p = b.BeginPointer(cls);
        int o = b.BeginObject(2);
        Element(b, name, title, type, size, typeName, 0);
        b.EndObject(o);
        b.EndObject(p);
    }

    /// <summary>TStreamerElement v4: TNamed, fType, fSize, fArrayLength, fArrayDim, fMaxIndex[5] (ROOT keeps a base's checksum in [1]), fTypeName.</summary>
    private static void Element(RootBuffer b, string name, string title, int type, int size, string typeName, uint baseCheckSum)
    {
        int o = b.BeginObject(4);
        b.TNamed(name, title);
        b.I32(type);
        b.I32(size);
        b.I32(0);
        b.I32(0);
        b.I32(0);
        b.U32(baseCheckSum);
        b.I32(0);
        b.I32(0);
        b.I32(0);
        b.String(typeName);
        b.EndObject(o);
    }
}
