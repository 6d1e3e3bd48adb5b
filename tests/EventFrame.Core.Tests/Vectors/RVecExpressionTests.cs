namespace EventFrame.Tests.Vectors;

/// <summary>ROOT-style string expressions over RVec columns, compiled by the engine against VecOps and the RVec operators.</summary>
public class RVecExpressionTests
{
    [Fact]
    public void RootStyleExpressionsCompileAndMatchReference()
    {
        var rng = new Random(17);
        const int events = 500;
        var pt = new float[events][];
        var eta = new float[events][];
        var phi = new float[events][];
        var mass = new float[events][];
        for (int i = 0; i < events; i++)
        {
            int n = rng.Next(0, 7);
            pt[i] = Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 100)).ToArray();
            eta[i] = Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() - 0.5) * 6)).ToArray();
            phi[i] = Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() - 0.5) * 6.28)).ToArray();
            mass[i] = Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 10)).ToArray();
        }
        var df = Frame.FromArrays(new Dictionary<string, Array> { ["Jet_pt"] = pt, ["Jet_eta"] = eta, ["Jet_phi"] = phi, ["Jet_mass"] = mass });
        var ht = df.Define("ht", "Sum(Jet_pt[Jet_pt > 30 && abs(Jet_eta) < 2.4])").Take<float>("ht");
        var nGood = df.Define("n", "Sum(Jet_pt > 30 && abs(Jet_eta) < 2.4)").Take<int>("n");
        var two = df.Filter("Jet_pt.Size >= 2");
        var dr = two.Define("dr", "DeltaR(Jet_eta[0], Jet_eta[1], Jet_phi[0], Jet_phi[1])").Take<float>("dr");
        var mjj = two.Define("mjj", "InvariantMass(Take(Jet_pt, 2), Take(Jet_eta, 2), Take(Jet_phi, 2), Take(Jet_mass, 2))").Take<double>("mjj");
        var pairs = two.Define("np", "Combinations(Jet_pt, 2)[0].Size").Take<int>("np");
        var cart = df.Define("nc", "Combinations(Jet_pt, Jet_eta)[1].Size").Take<int>("nc");
        var lead = two.Define("lead", "Jet_pt[ArgMax(Jet_pt)] * 1.5").Take<double>("lead");

        var expHt = new List<float>();
        var expN = new List<int>();
        var expDr = new List<float>();
        var expM = new List<double>();
        var expPairs = new List<int>();
        var expLead = new List<double>();
        var expCart = new List<int>();
        for (int i = 0; i < events; i++)
        {
            float s = 0f;
            int c = 0;
            for (int k = 0; k < pt[i].Length; k++)
                if (pt[i][k] > 30 && Math.Abs(eta[i][k]) < 2.4) { s += pt[i][k]; c++; }
            expHt.Add(s);
            expN.Add(c);
            int n = pt[i].Length;
            expCart.Add(n * n);
            if (n >= 2)
            {
                expDr.Add(VecOps.DeltaR(eta[i][0], eta[i][1], phi[i][0], phi[i][1]));
                expM.Add(VecOps.InvariantMass(pt[i][0], eta[i][0], phi[i][0], mass[i][0], pt[i][1], eta[i][1], phi[i][1], mass[i][1]));
                expLead.Add(pt[i].Max() * 1.5);
                expPairs.Add(n * (n - 1) / 2);
            }
        }
        Assert.Equal(expHt, ht.Value);
        Assert.Equal(expN, nGood.Value);
        Assert.Equal(expDr, dr.Value);
        Assert.Equal(expPairs, pairs.Value);
        Assert.Equal(expCart, cart.Value);
        Assert.Equal(expLead, lead.Value);
        Assert.Equal(expM.Count, mjj.Value.Count);
        for (int i = 0; i < expM.Count; i++) Assert.Equal(expM[i], mjj.Value[i], 9);
    }
}
