using System.Text.Json;
using EventFrame.IO.Bytes;
using EventFrame.IO.Root;

namespace EventFrame.IO.Tests;

/// <summary>File header, directories and keys of every classic ROOT test file against its expected JSON.</summary>
public class RootFileTests
{
    public static TheoryData<string> Files() => new(TestData.ClassicFiles());

    [Theory]
    [MemberData(nameof(Files))]
    public void HeaderMatchesExpected(string name)
    {
        var exp = TestData.Expected(name).GetProperty("header");
        using var f = RootFile.Open(TestData.RootFile(name));
        Assert.Equal(exp.GetProperty("fVersion").GetInt32(), f.Version);
        Assert.Equal(exp.GetProperty("large_file_format").GetBoolean(), f.IsLargeFile);
        Assert.Equal(exp.GetProperty("fBEGIN").GetInt32(), f.Begin);
        Assert.Equal(exp.GetProperty("fEND").GetInt64(), f.End);
        Assert.Equal(exp.GetProperty("fSeekFree").GetInt64(), f.SeekFree);
        Assert.Equal(exp.GetProperty("fNbytesFree").GetInt32(), f.NbytesFree);
        Assert.Equal(exp.GetProperty("nfree").GetInt32(), f.NFree);
        Assert.Equal(exp.GetProperty("fNbytesName").GetInt32(), f.NbytesName);
        Assert.Equal(exp.GetProperty("fUnits").GetInt32(), f.Units);
        Assert.Equal(exp.GetProperty("fCompress").GetInt32(), f.Compress);
        Assert.Equal(exp.GetProperty("fSeekInfo").GetInt64(), f.SeekInfo);
        Assert.Equal(exp.GetProperty("fNbytesInfo").GetInt32(), f.NbytesInfo);
        Assert.Equal(Guid.Parse(exp.GetProperty("fUUID").GetString()!), f.Uuid);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void KeysMatchExpectedAndPayloadsDecode(string name)
    {
        var exp = TestData.Expected(name).GetProperty("keys").EnumerateArray()
            .Select(k => (k.GetProperty("name").GetString()!, k.GetProperty("classname").GetString()!)).ToList();
        using var f = RootFile.Open(TestData.RootFile(name));
        var actual = f.AllKeys().Select(k => ($"{k.Path};{k.Key.Cycle}", k.Key.ClassName)).ToList();
        Assert.Equal(exp.Order(), actual.Order());
        foreach (var (path, cls) in exp)
        {
            var key = f.FindKey(path);
            Assert.NotNull(key);
            Assert.Equal(cls, key.ClassName);
            Assert.Same(key, f.FindKey(path[..path.IndexOf(';')]));
            var payload = f.ReadObject(key);
            Assert.Equal(key.ObjLen, payload.Length);
        }
        Assert.Null(f.FindKey("no/such/key"));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void StreamerInfoRecordDecompresses(string name)
    {
        using var f = RootFile.Open(TestData.RootFile(name));
        var buf = f.ReadBytes(f.SeekInfo, f.NbytesInfo, "StreamerInfo");
        var key = f.ReadKeyAt(f.SeekInfo, "StreamerInfo");
        Assert.Equal("TList", key.ClassName);
        Assert.Equal(f.NbytesInfo, key.Nbytes);
        var payload = f.ReadObject(key);
        Assert.Equal(key.ObjLen, payload.Length);
        Assert.True(buf.Length >= key.Keylen);
        // A TList payload starts with a byte count carrying kByteCountMask.
        Assert.Equal(0x40, payload[0] & 0xC0);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void StreamerInfoListParses(string name)
    {
        using var f = RootFile.Open(TestData.RootFile(name));
        var infos = f.StreamerInfos;
        Assert.NotEmpty(infos);
        Assert.All(infos, i => Assert.False(string.IsNullOrEmpty(i.ClassName)));
        bool hasTree = TestData.Expected(name).GetProperty("keys").EnumerateArray().Any(k => k.GetProperty("classname").GetString() is "TTree" or "TNtuple");
        if (hasTree) Assert.NotNull(f.GetStreamerInfo("TTree"));
    }

    [Fact]
    public void StreamerInfoOfAUserClass()
    {
        using var f = RootFile.Open(TestData.RootFile("uproot-nesteddirs.root"));
        var ev = f.GetStreamerInfo("Event");
        Assert.NotNull(ev);
        Assert.Equal(1, ev.ClassVersion);
        Assert.Equal(39, ev.Elements.Count);
        Assert.Equal(("I32", "int", 3), (ev.Elements[2].Name, ev.Elements[2].TypeName, ev.Elements[2].Type));
        Assert.Equal(("StlVecF32", "vector<float>"), (ev.Elements[35].Name, ev.Elements[35].TypeName));
        Assert.Equal(10, ev.Elements.Single(e => e.Name == "ArrayF64").ArrayLength);
        Assert.Null(f.GetStreamerInfo("NoSuchClass"));
    }

    [Fact]
    public void OpenRejectsMissingAndNonRootFiles()
    {
        var missing = Assert.Throws<RootFormatException>(() => RootFile.Open("/nonexistent/file.root"));
        Assert.Contains("/nonexistent/file.root", missing.Message);
        var tmp = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(tmp, new byte[200]);
            var e = Assert.Throws<RootFormatException>(() => RootFile.Open(tmp));
            Assert.Equal(tmp, e.FilePath);
            Assert.Equal(0, e.Offset);
        }
        finally
        {
            File.Delete(tmp);
        }
    }

    [Fact]
    public async Task ByteSourcesResolveSchemesAndCheckBounds()
    {
        var path = TestData.RootFile("uproot-foriter.root");
        using (var s = ByteSources.Open("file://" + path))
        {
            Assert.Equal(new FileInfo(path).Length, s.Length);
            var b = new byte[4];
            s.Read(0, b);
            Assert.Equal("root"u8.ToArray(), b);
            Assert.Throws<ByteSourceException>(() => s.Read(s.Length - 2, b));
            Assert.Throws<ByteSourceException>(() => s.Read(-1, b));
            Assert.Equal(1, s.Requests);
            Assert.Equal(4, s.BytesRead);
            var ranges = new[] { new ByteRange(0, 4), new ByteRange(8, 4) };
            var dest = new Memory<byte>[] { new byte[4], new byte[4] };
            await s.ReadRangesAsync(ranges, dest);
            Assert.Equal(b, dest[0].ToArray());
        }
        Assert.Null(ByteSources.SchemeOf("/a/b.root"));
        Assert.Null(ByteSources.SchemeOf("C://x"));
        Assert.Equal("root", ByteSources.SchemeOf("root://host//f.root"));
        Assert.Throws<ByteSourceException>(() => ByteSources.Open("nosuchscheme://x/y"));
        ByteSources.Register("c1test", u => new LocalFileSource(u["c1test://".Length..]));
        using var f = RootFile.Open("c1test://" + path);
        Assert.Equal(60804, f.Version);
    }
}
