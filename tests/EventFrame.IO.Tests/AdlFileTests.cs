using System.Diagnostics;
using System.Text.Json;
using EventFrame.Columns;
using EventFrame.IO.Root;

namespace EventFrame.IO.Tests;

/// <summary>The 100k-event ADL benchmark files (zlib and lz4): reference histograms Q1/Q2 and identical columns across codecs.</summary>
public class AdlFileTests
{
    private static string Adl(string name) => Path.Combine(TestData.Dir, "adl", name);

    private static JsonElement Query(string q)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(TestData.Dir, "adl", "expected", q + ".json")));
        return doc.RootElement.Clone();
    }

    /// <summary>Reads every value of a float column (flattening jagged ones) in cluster-sized chunks.</summary>
    private static List<float> ReadFloats(RootDataSource source, string column)
    {
        var info = source.Columns.Single(c => c.Name == column);
        using var reader = source.CreateReader([column]);
        var buffer = ColumnBuffer.Create(info.Type);
        var values = new List<float>();
        foreach (var p in source.Partitions)
            for (long e = p.FirstEntry; e < p.EndEntry; e += 4096)
            {
                int n = (int)Math.Min(4096, p.EndEntry - e);
                reader.ReadChunk(p, e, n, [buffer]);
                values.AddRange(buffer is FlatBuffer<float> fb ? fb.Values : ((JaggedBuffer<float>)buffer).Values);
            }
        return values;
    }

    private static void CheckHistogram(JsonElement q, List<float> values)
    {
        int bins = q.GetProperty("bins").GetInt32();
        double lo = q.GetProperty("lo").GetDouble(), hi = q.GetProperty("hi").GetDouble();
        var counts = new long[bins + 2];
        double sum = 0;
        foreach (var v in values)
        {
            // Rounding can push a value just below hi to index bins + 1; it belongs to the last bin.
            int bin = v < lo ? 0 : v >= hi ? bins + 1 : Math.Min(bins, 1 + (int)((v - lo) / (hi - lo) * bins));
            counts[bin]++;
            sum += v;
        }
        Assert.Equal(q.GetProperty("entries").GetInt64(), values.Count);
        Assert.Equal(q.GetProperty("counts").EnumerateArray().Select(c => c.GetInt64()), counts);
        double want = q.GetProperty("sum").GetDouble();
        Assert.True(Math.Abs(sum - want) <= 1e-9 * Math.Abs(want), $"sum {sum:R}, expected {want:R}");
    }

    [Theory]
    [InlineData("adl_100k_zlib.root")]
    [InlineData("adl_100k_lz4.root")]
    public void ReferenceHistogramsQ1AndQ2(string file)
    {
        using var source = new RootDataSource("Events", [Adl(file)]);
        Assert.Equal(100000, source.EntryCount);
        CheckHistogram(Query("Q1"), ReadFloats(source, "MET_pt"));
        CheckHistogram(Query("Q2"), ReadFloats(source, "Jet_pt"));
    }

    [Fact]
    public void CodecsGiveIdenticalColumns()
    {
        using var zlib = new RootDataSource("Events", [Adl("adl_100k_zlib.root")]);
        using var lz4 = new RootDataSource("Events", [Adl("adl_100k_lz4.root")]);
        Assert.Equal(zlib.Columns, lz4.Columns);
        Assert.Equal(zlib.Partitions, lz4.Partitions);
        var names = zlib.Columns.Select(c => c.Name).ToList();
        using var rz = zlib.CreateReader(names);
        using var rl = lz4.CreateReader(names);
        var bz = zlib.Columns.Select(c => ColumnBuffer.Create(c.Type)).ToList();
        var bl = lz4.Columns.Select(c => ColumnBuffer.Create(c.Type)).ToList();
        foreach (var p in zlib.Partitions)
        {
            rz.ReadChunk(p, p.FirstEntry, (int)p.EntryCount, bz);
            rl.ReadChunk(p, p.FirstEntry, (int)p.EntryCount, bl);
            for (int c = 0; c < names.Count; c++)
                for (int i = 0; i < p.EntryCount; i += 97)
                {
                    object? a = bz[c].GetBoxed(i), b = bl[c].GetBoxed(i);
                    Assert.True(a is Array x ? x.Cast<object>().SequenceEqual(((Array)b!).Cast<object>()) : Equals(a, b), $"{names[c]} entry {p.FirstEntry + i}");
                }
        }
    }
}
