namespace EventFrame.Tests.Vectors;

public class RVecArenaTests
{
    [Fact]
    public void AllocationsAreDisjointUntilResetAndReusedAfter()
    {
        RVecArena.Reset();
        var rng = new Random(15);
        var views = new List<(RVec<int> View, int Tag)>();
        for (int i = 0; i < 500; i++)
        {
            int n = rng.Next(0, 300);
            var span = RVecArena.Allocate<int>(n, out var v);
            Assert.Equal(n, v.Length);
            span.Fill(i);
            views.Add((v, i));
        }
        // Nothing allocated since the last reset overlaps: every view still holds its own tag.
        foreach (var (v, tag) in views)
            foreach (int x in v) Assert.Equal(tag, x);

        // After a reset the memory is reused: an old view stays readable but shows the new contents.
        RVecArena.Reset();
        RVecArena.Allocate<int>(10, out var a).Fill(1);
        RVecArena.Reset();
        RVecArena.Allocate<int>(10, out var b).Fill(2);
        Assert.Equal(Enumerable.Repeat(2, 10), a.ToArray());
        Assert.Equal(Enumerable.Repeat(2, 10), b.ToArray());
    }

    [Fact]
    public void ElementTypesAndThreadsHaveSeparateArenas()
    {
        RVecArena.Reset();
        var f = RVecArena.Allocate<float>(4, out var fv);
        var d = RVecArena.Allocate<double>(4, out var dv);
        f.Fill(1f);
        d.Fill(2.0);
        float[]? other = null;
        var t = new Thread(() =>
        {
            var s = RVecArena.Allocate<float>(4, out var v);
            s.Fill(9f);
            other = v.ToArray();
        });
        t.Start();
        t.Join();
        Assert.Equal(new[] { 9f, 9f, 9f, 9f }, other);
        Assert.Equal(new[] { 1f, 1f, 1f, 1f }, fv.ToArray());
        Assert.Equal(new[] { 2.0, 2.0, 2.0, 2.0 }, dv.ToArray());
    }

    [Fact]
    public void LargeAndInvalidRequests()
    {
        var big = RVecArena.Allocate<byte>(1 << 20, out var bv);
        Assert.Equal(1 << 20, bv.Length);
        Assert.Equal(1 << 20, big.Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => RVecArena.Allocate<byte>(-1, out _));
        var empty = RVecArena.Allocate<byte>(0, out var ev);
        Assert.True(ev.IsEmpty);
        Assert.Equal(0, empty.Length);
    }

    [Fact]
    public void KernelArenaSharesTheThreadsBumpPointer()
    {
        // Generated kernels allocate through the handle FusedVecOps.Arena() returns, interleaved with VecOps calls
        // that allocate through RVecArena: both must hand out disjoint memory until the next reset, and the
        // handle's slow path (a request larger than the block) must not lose what was allocated before.
        RVecArena.Reset();
        var arena = FusedVecOps.Arena();
        var rng = new Random(16);
        var views = new List<(RVec<int> View, int Tag)>();
        for (int i = 0; i < 400; i++)
        {
            int n = i % 97 == 0 ? 20_000 + rng.Next(0, 50_000) : rng.Next(0, 200);
            Span<int> span;
            RVec<int> v;
            if (i % 2 == 0) span = arena.Allocate(n, out v);
            else span = RVecArena.Allocate(n, out v);
            Assert.Equal(n, v.Length);
            Assert.Equal(n, span.Length);
            span.Fill(i);
            views.Add((v, i));
        }
        foreach (var (v, tag) in views)
            foreach (int x in v) Assert.Equal(tag, x);
        Assert.Same(arena, FusedVecOps.Arena());
        Assert.Throws<ArgumentOutOfRangeException>(() => arena.Allocate<int>(-1, out _));

        // Another thread has its own handle.
        RVecArena.ThreadArena? other = null;
        var t = new Thread(() => other = FusedVecOps.Arena());
        t.Start();
        t.Join();
        Assert.NotNull(other);
        Assert.NotSame(arena, other);
    }
}
