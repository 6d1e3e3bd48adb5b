global using EventFrame.Histograms;
