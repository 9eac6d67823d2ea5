"""Writes bench/results/sortednet.json from a finished sortednet run (see scripts/bench-sortednet).

  sortednet_json.py RUN_DIR FLOTILLA_JSON|keep TORCH_JSON|keep WALL_SECONDS CONF

`keep` keeps the previous file's throughput measurement (and says when it was measured).
"""
import datetime
import json
import os
import sys

run, flot_arg, torch_arg, wall, conf = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), sys.argv[5]
OUT = "bench/results/sortednet.json"
previous = json.load(open(OUT)) if os.path.exists(OUT) else {}
rep = json.load(open(os.path.join(run, "report", "report.json")))
facts, tables = rep["facts"], rep["tables"]
linked = rep.get("linked_tables", {})


def table(name):
    if name in tables:
        return tables[name]
    if name in linked:
        return json.load(open(os.path.join(run, "report", linked[name])))
    return []


subs = table("subnetworks")
comparison = table("comparison")
full = max(subs, key=lambda r: (r["width_fraction"], r["depth"]))["subnetwork"] if subs else None
per_training = {}
for r in comparison:
    t = per_training.setdefault(r["training"], {"compared": 0, "meeting_96pct": 0, "worst": None, "full_network": None})
    t["compared"] += 1
    t["meeting_96pct"] += bool(r["meets_96pct"])
    if t["worst"] is None or r["ratio"] < t["worst"]["ratio"]:
        t["worst"] = {"subnetwork": r["subnetwork"], "ratio": r["ratio"],
                      "sorted_accuracy": r["sorted_accuracy"], "independent_accuracy": r["independent_accuracy"]}
    if r["subnetwork"] == full:
        t["full_network"] = {"subnetwork": full, "sorted_accuracy": r["sorted_accuracy"],
                             "alone_accuracy": r["independent_accuracy"], "ratio": r["ratio"]}
if flot_arg == "keep":
    throughput = dict(previous.get("largest_network_throughput", {}))
    throughput["measured"] = previous.get("throughput_date", previous.get("date"))
else:
    flot, torch = json.loads(flot_arg), json.loads(torch_arg)
    throughput = {"flotilla_djl_nested": flot, "pytorch_cpu": torch,
                  "ratio_vs_torch": flot["examples_per_s"] / torch["examples_per_s"]}
now = datetime.datetime.utcnow().isoformat() + "Z"
out = {
    "date": now, "config": conf, "run_dir": run,
    "job_wall_seconds": wall if wall > 0 else previous.get("job_wall_seconds"),
    "load_average_1m_at_end": os.getloadavg()[0],
    "subnetworks": len(subs),
    "selection": "validation split (sortednet.data.valid-fraction); test accuracy only reported",
    "per_training": per_training,
    "comparison": comparison, "training_cost": table("training-cost"),
    "min_accuracy_ratio": facts.get("min_accuracy_ratio"),
    "subnetworks_meeting_96pct": facts.get("subnetworks_meeting_96pct"),
    "subnetworks_compared": facts.get("subnetworks_compared"),
    "sorted_cost_vs_largest_flops": facts.get("sorted_cost_vs_largest_flops"),
    "sorted_cost_vs_largest_seconds": facts.get("sorted_cost_vs_largest_seconds"),
    "largest_network_throughput": throughput,
    "throughput_date": throughput.get("measured", now),
    "targets": {"accuracy_ratio": 0.96, "sorted_cost_vs_largest": 2.0},
}
os.makedirs("bench/results", exist_ok=True)
json.dump(out, open(OUT, "w"), indent=2)
print(f"\nSortedNet benchmark: {len(subs)} sub-networks ({conf})\n")
print("| training | compared | >= 96% | worst ratio (sub-network) | full network sorted / alone |\n|---|---|---|---|---|")
for name, t in per_training.items():
    f = t["full_network"]
    fs = f"{f['sorted_accuracy']:.4f} / {f['alone_accuracy']:.4f} = {f['ratio']:.3f}" if f else "-"
    print(f"| {name} | {t['compared']} | {t['meeting_96pct']} | {t['worst']['ratio']:.3f} ({t['worst']['subnetwork']}) | {fs} |")
print("\n| approach | models | train FLOPs | train s | FLOPs vs largest | s vs largest |\n|---|---|---|---|---|---|")
for r in out["training_cost"]:
    print(f"| {r['approach']} | {r['models']} | {r['train_flops']:.3g} | {r['train_seconds']:.1f} | {r['flops_vs_largest_alone']:.2f} | {r['seconds_vs_largest_alone']:.2f} |")
print(f"wrote {OUT}")
