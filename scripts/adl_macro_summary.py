#!/usr/bin/env python3
"""Turns outputs of the ADL macro (benchmarks/EventFrame.Macro adl) into the markdown tables of benchmarks/results/adl-1e7.md.
Usage: python3 scripts/adl_macro_summary.py OUTPUT.txt:LABEL:EVENTS:THREADS ..."""
import sys,re
def parse(path):
    rows={}
    for line in open(path):
        t=line.split()
        if len(t)>3 and re.match(r'Q\d',t[0]) and t[1] in('lambdas','strings','hand'):
            rows[(t[0],t[1])]=t
    return rows
def num(x): return float(x.rstrip('xMB'))
out=[]
for path,label,ev,thr in [(a.split(':')[0],a.split(':')[1],float(a.split(':')[2]),int(a.split(':')[3])) for a in sys.argv[1:]]:
    r=parse(path)
    out.append(f"\n**{label}**\n")
    out.append("| query | form | loop s | M ev/s per core (wall) | M ev/s per CPU-s | read / compute s (wall) | private MB (RSS MB) | decomp. limit M ev/s (CPU) | compute limit M ev/s (CPU) | CPU vs limits |")
    out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for q in ['Q1','Q2','Q3','Q4','Q5','Q6','Q7','Q8']:
        h=r.get((q,'hand'))
        for f in ['lambdas','strings']:
            t=r.get((q,f))
            if not t: continue
            loop=num(t[2])/1e3; cpu=num(t[3])/1e3
            read=num(t[7])/1e3; comp=num(t[8])/1e3
            rss=num(t[9]); priv=num(t[10])
            dcpu=num(t[12])/1e3; hcpu=num(t[14])/1e3
            out.append(f"| {q} | {f} | {loop:.2f} | {ev/loop/1e6/thr:.1f} | {ev/cpu/1e6:.1f} | {read:.2f} / {comp:.2f} | {priv:.0f} ({rss:.0f}) | {ev/dcpu/1e6:.0f} | {ev/hcpu/1e6:.1f} | {t[18]} {t[19]} |")
print("\n".join(out))
