"""Helpers of the bench scripts' aggregation step (stdlib only): reading the measurements a
script's `measure` wrote, and naming the machine and libraries they ran on."""
import json
import os
import re


def load(work, name):
    """The JSON line of measurement NAME; a failure as {"error": ...} with its log's last line."""
    try:
        with open(os.path.join(work, name + ".json")) as f:
            r = json.loads(f.read().strip() or '{"error": "no JSON line printed"}')
    except (OSError, ValueError) as e:
        r = {"error": str(e)}
    if "error" in r:
        # Both benchmark programs end a failure with a one-line reason: keep it with the result.
        try:
            with open(os.path.join(work, name + ".log")) as f:
                lines = [l.strip() for l in f if l.strip()]
            if lines:
                r["error"] += ": " + lines[-1]
        except OSError:
            pass
    return r


def jar_version(classpath, artifact):
    """Version of a jar on the Java classpath, from its file name (e.g. nd4j-native-1.0.0-M2.1.jar)."""
    m = re.search(r"/" + re.escape(artifact) + r"-(\d[^/:]*?)(?:-linux-x86_64)?\.jar", classpath)
    return m.group(1) if m else None


def libraries(classpath, results):
    """Library label per side; torch's version and BLAS come from the peer's results."""
    torch_version = next((r["torch"] for r in results if r.get("torch")), None)
    return {
        "dl4j": "DL4J/nd4j-native " + str(jar_version(classpath, "nd4j-native")),
        "djl": f"DJL {jar_version(classpath, 'api')} / libtorch {jar_version(classpath, 'pytorch-native-cpu')}",
        "torch": f"PyTorch {torch_version or ''} (Debian)".replace("  ", " "),
    }


def blas_problem(results):
    """A problem line if Debian's torch loaded a BLAS other than OpenBLAS, else None."""
    blas = next((r["blas"] for r in results if r.get("blas")), None)
    if blas is not None and not any("openblas" in b for b in blas):
        # Debian's torch then runs on the reference BLAS (~5 GFLOP/s): the peer would be a straw man.
        return f"torch loaded {blas}, not OpenBLAS: install libopenblas0-pthread"
    return None


def machine(java_version, results):
    cpu = None
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu_model": cpu,
        "load_average": os.getloadavg(),
        "java": java_version,
        "torch": next((r["torch"] for r in results if r.get("torch")), None),
        "torch_blas": next((r["blas"] for r in results if r.get("blas")), None),
    }


def fmt(v, spec):
    return "—" if v is None else format(v, spec)


def derive(results, cost, rate, flops_key, library, reference):
    """Fills the derived columns of every result the same way, from the cost measurement of its
    model: library, parameters_expected/_match, gflops (rate x cost[flops_key]) and vs_torch.
    Returns the problems found (failed runs, parameter counts that disagree with REFERENCE)."""
    problems = []
    for r in results:
        c = cost.get(r["model"], {})
        r["library"] = library.get(r["side"], r["side"])
        if "error" in r or rate not in r:
            problems.append(f"{r['side']} {r['model']}: {r.get('error', 'no result')}")
            continue
        r["parameters_expected"] = c.get("parameters_expected")
        r["parameters_match"] = (None if r["parameters_expected"] is None
                                 else r["parameters"] == r["parameters_expected"])
        if r["parameters_match"] is False:
            problems.append(f"{r['side']} {r['model']}: {r['parameters']} parameters, "
                            f"{reference} says {r['parameters_expected']}")
        if c.get(flops_key):
            r["gflops"] = r[rate] * c[flops_key] / 1e9
        peer = next((p for p in results if p["model"] == r["model"] and p["side"] == "torch"
                     and rate in p), None)
        r["vs_torch"] = r[rate] / peer[rate] if peer else None
    return problems


def params_cell(r):
    return f"{r['parameters']:,}" + {True: "", False: " (MISMATCH)", None: " (unchecked)"}[
        r["parameters_match"]]
