using System.Buffers.Binary;
using System.Diagnostics;
using EventFrame.Columns;
using EventFrame.IO.Bytes;
using EventFrame.IO.Root;
using EventFrame.IO.Root.Trees;

namespace EventFrame.IO.Tests;

/// <summary>
/// Seeded fuzzing of the whole read path (header, directories, keys, TTree streamer, baskets, decoding) with bit flips,
/// truncations and inflated size fields. Every failure must be a <see cref="RootFormatException"/>: no other exception,
/// no hang, no huge allocation.
/// </summary>
public class RootFuzzTests
{
    private const long MaxAllocationPerCase = 512L << 20;

    /// <summary>Reads everything EventFrame can read from the file; returns the number of values decoded.</summary>
    private static long ReadEverything(byte[] bytes)
    {
        long values = 0;
        using var file = RootFile.Open(new MemoryByteSource(bytes, "fuzz.root"));
        values += file.StreamerInfos.Count;
        foreach (var (path, key) in file.AllKeys())
        {
            if (key.ClassName is not ("TTree" or "TNtuple")) continue;
            var tree = RootTree.Read(key);
            foreach (var branch in tree.AllBranches)
            {
                var layout = BranchLayout.TryCreate(branch, out _);
                if (layout is null) continue;
                using var reader = new BranchReader(layout);
                var buffer = ColumnBuffer.Create(layout.Type);
                long n = Math.Min(tree.Entries, reader.CoveredEntries);
                for (long e = 0; e < n; e += 1000)
                {
                    int c = (int)Math.Min(1000, n - e);
                    reader.Read(e, c, buffer);
                    values += buffer.EntryCount;
                }
            }
        }
        return values;
    }

    /// <summary>Offsets worth mutating: file header, directory and key records, TTree records and basket headers.</summary>
    private static List<(long Start, int Length)> Regions(byte[] bytes)
    {
        var regions = new List<(long, int)> { (0, 120) };
        using var file = RootFile.Open(new MemoryByteSource(bytes));
        regions.Add((file.Begin + file.NbytesName, 80));
        regions.Add((file.SeekInfo, Math.Min(file.NbytesInfo, 4096)));
        foreach (var (_, key) in file.AllKeys())
        {
            regions.Add((key.SeekKey, Math.Min(key.Nbytes, 4096)));
            if (key.ClassName != "TTree") continue;
            var tree = RootTree.Read(key);
            foreach (var b in tree.AllBranches)
                for (int i = 0; i < b.WriteBasket; i++)
                    regions.Add((b.BasketSeek[i], Math.Min(b.BasketBytes[i], 200)));
        }
        return regions;
    }

    private static byte[] Mutate(byte[] clean, List<(long Start, int Length)> regions, Random rng, out string what)
    {
        var bytes = (byte[])clean.Clone();
        var (start, length) = regions[rng.Next(regions.Count)];
        long at = Math.Clamp(start + rng.Next(Math.Max(1, length)), 0, bytes.Length - 1);
        switch (rng.Next(4))
        {
            case 0:
            {
                int flips = 1 + rng.Next(4);
                for (int k = 0; k < flips; k++)
                {
                    long p = Math.Clamp(at + rng.Next(16), 0, bytes.Length - 1);
                    bytes[p] ^= (byte)(1 << rng.Next(8));
                }
                what = $"{flips} bit flips near {at}";
                return bytes;
            }
            case 1:
            {
                int cut = (int)Math.Clamp(at, 1, bytes.Length - 1);
                what = $"truncated to {cut} bytes";
                return bytes[..cut];
            }
            case 2:
            {
                // Inflated 32-bit size field.
                uint[] values = [0x7FFFFFFF, 0x40FFFFFF, 0xFFFFFFFF, 0x01000000, 0x00FFFFFF, (uint)rng.Next()];
                uint v = values[rng.Next(values.Length)];
                long p = Math.Clamp(at, 0, bytes.Length - 4);
                BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan((int)p), v);
                what = $"wrote 0x{v:x8} at {p}";
                return bytes;
            }
            default:
            {
                byte v = (byte)rng.Next(256);
                bytes[at] = v;
                what = $"byte {at} = {v}";
                return bytes;
            }
        }
    }

    [Theory]
    [InlineData("uproot-foriter.root", 1, 400)]
    [InlineData("uproot-HZZ-uncompressed.root", 2, 150)]
    [InlineData("uproot-HZZ.root", 3, 150)]
    [InlineData("uproot-HZZ-lz4.root", 4, 100)]
    [InlineData("uproot-HZZ-zstd.root", 5, 100)]
    [InlineData("uproot-HZZ-lzma.root", 11, 60)]
    [InlineData("uproot-sample-6.20.04-uncompressed.root", 6, 150)]
    [InlineData("uproot-sample-5.23.02-zlib.root", 12, 100)]
    [InlineData("uproot-small-dy-nooffsets.root", 7, 300)]
    [InlineData("uproot-stl_containers.root", 8, 300)]
    [InlineData("uproot-nesteddirs.root", 9, 200)]
    [InlineData("nanoAOD_2015_CMS_Open_Data_ttbar.root", 10, 25)]
    [InlineData("uproot-vectorVectorDouble.root", 13, 300)]
    public async Task CorruptFilesFailOnlyWithRootFormatException(string name, int seed, int cases)
    {
        // EVENTFRAME_FUZZ_SCALE multiplies the cases (and shifts the seed) for longer local runs.
        int scale = int.TryParse(Environment.GetEnvironmentVariable("EVENTFRAME_FUZZ_SCALE"), out var s) && s > 0 ? s : 1;
        cases *= scale;
        seed += 1000 * (scale - 1);
        var clean = File.ReadAllBytes(TestData.RootFile(name));
        Assert.True(ReadEverything(clean) > 0);
        var regions = Regions(clean);
        var rng = new Random(seed);
        int rejected = 0;
        for (int i = 0; i < cases; i++)
        {
            var bytes = Mutate(clean, regions, rng, out var what);
            Exception? unexpected = null;
            long allocated = 0;
            var task = Task.Factory.StartNew(() =>
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    ReadEverything(bytes);
                }
                catch (RootFormatException)
                {
                    Interlocked.Increment(ref rejected);
                }
                catch (Exception e)
                {
                    unexpected = e;
                }
                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            }, TaskCreationOptions.LongRunning);
            bool finished = await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(20))) == task;
            Assert.True(finished, $"case {i} ({what}) did not finish within 20 s");
            Assert.True(unexpected is null, $"case {i} ({what}): {unexpected?.GetType().Name}: {unexpected?.Message}\n{unexpected?.StackTrace}");
            Assert.True(allocated < MaxAllocationPerCase, $"case {i} ({what}) allocated {allocated >> 20} MiB");
        }
        // The mutations must actually exercise the error paths.
        Assert.True(rejected > cases / 20, $"only {rejected} of {cases} corrupt files were rejected");
    }
}
