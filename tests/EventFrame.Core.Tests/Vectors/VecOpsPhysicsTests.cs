using static EventFrame.Tests.Vectors.VectorTestData;

namespace EventFrame.Tests.Vectors;

public class VecOpsPhysicsTests
{
    // ROOT's DeltaPhi<float>: difference in float, fmod and folding in double (2.0 * c promotes), result in float.
    private static float RefDeltaPhi(float a, float b, float c)
    {
        double r = (double)(b - a) % (2.0 * c);
        if (r < -c) r += 2.0 * c;
        else if (r > c) r -= 2.0 * c;
        return (float)r;
    }

    [Fact]
    public void DeltaPhiFollowsRootDefinitionAndFoldsIntoRange()
    {
        var rng = new Random(8);
        for (int i = 0; i < 20000; i++)
        {
            float a = (float)((rng.NextDouble() - 0.5) * 40), b = (float)((rng.NextDouble() - 0.5) * 40);
            float r = VecOps.DeltaPhi(a, b);
            AssertSame(RefDeltaPhi(a, b, MathF.PI), r, $"DeltaPhi({a}, {b})");
            Assert.InRange(r, -MathF.PI, MathF.PI);
            double k = ((double)b - a - r) / (2 * Math.PI);
            Assert.True(Math.Abs(k - Math.Round(k)) < 1e-4, $"{a} {b} {r}");
            double da = (rng.NextDouble() - 0.5) * 40, db = (rng.NextDouble() - 0.5) * 40;
            double rd = VecOps.DeltaPhi(da, db);
            Assert.InRange(rd, -Math.PI, Math.PI);
            double kd = (db - da - rd) / (2 * Math.PI);
            Assert.True(Math.Abs(kd - Math.Round(kd)) < 1e-9);
            Assert.InRange(VecOps.DeltaPhi(da, db, 180.0), -180.0, 180.0);
        }
        Assert.Equal(-0.2, VecOps.DeltaPhi(0.1, 2 * Math.PI - 0.1), 12);
        Assert.Equal(0.2, VecOps.DeltaPhi(-0.1, 0.1), 12);
    }

    [Fact]
    public void DeltaPhiSkipsFmodOnlyWhereItIsTheIdentity()
    {
        // Differences exactly at, just inside and just outside ±2c, signed zeros, NaN and infinities.
        float twoPi = 2 * MathF.PI;
        float[] values = [0f, -0f, MathF.PI, -MathF.PI, twoPi, -twoPi, MathF.BitIncrement(twoPi), MathF.BitDecrement(twoPi), 3 * MathF.PI, 1e-30f, float.NaN, float.PositiveInfinity, float.NegativeInfinity];
        foreach (float a in values)
            foreach (float b in values)
                foreach (float c in new[] { MathF.PI, 1f, -MathF.PI })
                    AssertSame(RefDeltaPhi(a, b, c), VecOps.DeltaPhi(a, b, c), $"DeltaPhi({a}, {b}, {c})");
    }

    [Fact]
    public void VectorDeltaPhiAndDeltaRMatchScalarForms()
    {
        var rng = new Random(9);
        for (int n = 0; n <= MaxLength; n++)
        {
            var e1 = Floats(rng, n).Select(x => x % 5).ToArray();
            var e2 = Floats(rng, n).Select(x => x % 5).ToArray();
            var p1 = Floats(rng, n).Select(x => x % 7).ToArray();
            var p2 = Floats(rng, n).Select(x => x % 7).ToArray();
            AssertSame<float>(p1.Zip(p2, (a, b) => RefDeltaPhi(a, b, MathF.PI)).ToArray(), VecOps.DeltaPhi(RVec.Of(p1), RVec.Of(p2)), $"DeltaPhi n={n}");
            AssertSame<float>(p1.Select(a => RefDeltaPhi(a, 1f, MathF.PI)).ToArray(), VecOps.DeltaPhi(RVec.Of(p1), 1f), $"DeltaPhi vs n={n}");
            AssertSame<float>(p2.Select(b => RefDeltaPhi(1f, b, MathF.PI)).ToArray(), VecOps.DeltaPhi(1f, RVec.Of(p2)), $"DeltaPhi sv n={n}");
            var dr = new float[n];
            for (int i = 0; i < n; i++)
            {
                float dphi = RefDeltaPhi(p1[i], p2[i], MathF.PI);
                dr[i] = MathF.Sqrt((e1[i] - e2[i]) * (e1[i] - e2[i]) + dphi * dphi);
                AssertSame(dr[i], VecOps.DeltaR(e1[i], e2[i], p1[i], p2[i]), "scalar DeltaR");
            }
            AssertSame<float>(dr, VecOps.DeltaR(RVec.Of(e1), RVec.Of(e2), RVec.Of(p1), RVec.Of(p2)), $"DeltaR n={n}");
        }
        Assert.Throws<ArgumentException>(() => VecOps.DeltaR(RVec.Of(1f), RVec.Of(1f), RVec.Of(1f), RVec.Of(1f, 2f)));
    }

    // Independent formula: m² = m1² + m2² + 2 (E1 E2 - p1·p2).
    private static double RefMass2(double pt1, double eta1, double phi1, double m1, double pt2, double eta2, double phi2, double m2)
    {
        double e1 = Math.Sqrt(pt1 * pt1 * Math.Cosh(eta1) * Math.Cosh(eta1) + m1 * m1);
        double e2 = Math.Sqrt(pt2 * pt2 * Math.Cosh(eta2) * Math.Cosh(eta2) + m2 * m2);
        double dot = pt1 * pt2 * (Math.Cos(phi1 - phi2) + Math.Sinh(eta1) * Math.Sinh(eta2));
        return m1 * m1 + m2 * m2 + 2 * (e1 * e2 - dot);
    }

    [Fact]
    public void InvariantMassesMatchIndependentFormula()
    {
        var rng = new Random(10);
        for (int n = 0; n <= MaxLength; n++)
        {
            float[] R(double lo, double hi) => Enumerable.Range(0, n).Select(_ => (float)(lo + rng.NextDouble() * (hi - lo))).ToArray();
            var pt1 = R(5, 200); var eta1 = R(-3, 3); var phi1 = R(-3.14, 3.14); var m1 = R(0, 10);
            var pt2 = R(5, 200); var eta2 = R(-3, 3); var phi2 = R(-3.14, 3.14); var m2 = R(0, 10);
            var masses = VecOps.InvariantMasses(RVec.Of(pt1), RVec.Of(eta1), RVec.Of(phi1), RVec.Of(m1), RVec.Of(pt2), RVec.Of(eta2), RVec.Of(phi2), RVec.Of(m2));
            Assert.Equal(n, masses.Length);
            for (int i = 0; i < n; i++)
            {
                double mm = RefMass2(pt1[i], eta1[i], phi1[i], m1[i], pt2[i], eta2[i], phi2[i], m2[i]);
                double scale = Math.Pow(pt1[i] * Math.Cosh(eta1[i]) + pt2[i] * Math.Cosh(eta2[i]) + 20, 2);
                Assert.True(Math.Abs(masses[i] * masses[i] - mm) < 1e-12 * scale, $"n={n} i={i}: {masses[i] * masses[i]} vs {mm}");
                var sum = new PtEtaPhiMVector(pt1[i], eta1[i], phi1[i], m1[i]) + new PtEtaPhiMVector(pt2[i], eta2[i], phi2[i], m2[i]);
                Assert.True(Math.Abs(sum.M2() - mm) < 1e-12 * scale);
            }
            // Whole-collection mass of a pair equals the pair mass.
            if (n >= 2)
            {
                var two = VecOps.InvariantMass(VecOps.Take(RVec.Of(pt1), 2), VecOps.Take(RVec.Of(eta1), 2), VecOps.Take(RVec.Of(phi1), 2), VecOps.Take(RVec.Of(m1), 2));
                double pair = VecOps.InvariantMass(pt1[0], eta1[0], phi1[0], m1[0], pt1[1], eta1[1], phi1[1], m1[1]);
                Assert.Equal(pair, two, 9);
            }
        }
        Assert.Equal(0.0, VecOps.InvariantMass(RVec.Of<float>(), RVec.Of<float>(), RVec.Of<float>(), RVec.Of<float>()));
        Assert.Throws<ArgumentException>(() => VecOps.InvariantMass(RVec.Of(1f), RVec.Of(1f), RVec.Of(1f), RVec.Of<float>()));
    }

    [Fact]
    public void LorentzVectorRoundTripsAndAdds()
    {
        var rng = new Random(12);
        for (int i = 0; i < 5000; i++)
        {
            double pt = 1 + rng.NextDouble() * 100, eta = (rng.NextDouble() - 0.5) * 8, phi = (rng.NextDouble() - 0.5) * 2 * Math.PI, m = rng.NextDouble() * 50;
            var v = new PtEtaPhiMVector(pt, eta, phi, m);
            Assert.Equal(pt, v.Pt(), 1e-9 * pt);
            Assert.Equal(eta, v.Eta(), 1e-9);
            Assert.Equal(phi, v.Phi(), 1e-12);
            Assert.Equal(m, v.M(), 1e-6 * v.E() / Math.Max(m, 1));
            Assert.Equal(pt * Math.Cosh(eta), v.P(), 1e-9 * v.P());
        }
        var z = new PtEtaPhiMVector(0, 0, 0, 5);
        Assert.Equal(0.0, z.Eta());
        Assert.Equal(0.0, z.Phi());
        Assert.Equal(5.0, z.M(), 12);
        // Space-like vectors have negative mass (GenVector's convention).
        var s = PtEtaPhiMVector.FromPxPyPzE(3, 0, 0, 0);
        Assert.Equal(-3.0, s.M(), 12);
        Assert.Equal(s, PtEtaPhiMVector.FromPxPyPzE(3, 0, 0, 0));
    }
}
