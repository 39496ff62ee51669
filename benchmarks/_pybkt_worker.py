"""Time pyBKT on one train/test pair; run by bkt_vs_pybkt.py with pyBKT's own Python.

Usage: python _pybkt_worker.py TRAIN.csv TEST.csv FORGETS(0|1) REPEATS SEED RESTARTS
Prints one JSON object. Exits 2 when pyBKT's compiled E-step is missing, because the
pure-Python fallback is about 100x slower and a comparison against it means nothing.

pyBKT runs with its defaults (EM: at most 100 iterations, stopping when a skill's
total log-likelihood changes by less than 1e-3; ``parallel=True``). Its EM iterations
are counted by wrapping ``EM_fit.EM_fit`` without changing what it does.
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import time
import warnings

warnings.simplefilter("ignore")


def main() -> None:
    train, test, forgets, repeats, seed, restarts = sys.argv[1:7]
    try:
        import pyBKT.fit.E_step
    except ImportError:
        print("pyBKT's compiled E_step is missing; build pyBKT from source", file=sys.stderr)
        sys.exit(2)
    if not pyBKT.fit.E_step.__file__.endswith(".so"):
        print(f"pyBKT's E_step is not compiled: {pyBKT.fit.E_step.__file__}", file=sys.stderr)
        sys.exit(2)
    import pandas as pd
    from pyBKT.fit import EM_fit
    from pyBKT.models import Model

    iterations: list[int] = []
    original = EM_fit.EM_fit

    def counted(*args: object, **kwargs: object) -> object:
        model, log_likelihoods = original(*args, **kwargs)
        iterations.append(len(log_likelihoods))
        return model, log_likelihoods

    EM_fit.EM_fit = counted  # Model calls EM_fit.EM_fit through the module
    fit_path, fit_frame, fit_cpu = [], [], []
    for _ in range(int(repeats)):
        model = Model(seed=int(seed), num_fits=int(restarts), parallel=True)
        start = time.perf_counter()
        model.fit(data_path=train, forgets=forgets == "1")
        fit_path.append(time.perf_counter() - start)
        frame = pd.read_csv(train)
        model = Model(seed=int(seed), num_fits=int(restarts), parallel=True)
        iterations.clear()
        start, cpu = time.perf_counter(), time.process_time()
        model.fit(data=frame, forgets=forgets == "1")
        fit_frame.append(time.perf_counter() - start)
        fit_cpu.append(time.process_time() - cpu)  # all threads of the process
    start = time.perf_counter()
    auc, rmse = model.evaluate(data_path=test, metric=["auc", "rmse"])
    evaluate_seconds = time.perf_counter() - start
    print(
        json.dumps(
            {
                "auc": float(auc),
                "rmse": float(rmse),
                "fit_path_seconds": statistics.median(fit_path),
                "fit_frame_seconds": statistics.median(fit_frame),
                "fit_cpu_seconds": statistics.median(fit_cpu),
                "evaluate_seconds": evaluate_seconds,
                "em_iterations": statistics.mean(iterations) if iterations else None,
                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


if __name__ == "__main__":
    main()
