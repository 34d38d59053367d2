#!/usr/bin/env python3
"""Train the reference app's model and pack it for SageMaker built-in XGBoost.

Task: Fisher's Iris (data/iris.csv), binary "is it Iris virginica?" (1) against the two
other species (0). Features, in this order: sepal_length, sepal_width, petal_length,
petal_width - the CSV's columns without the label, which is also the order of a
SageMaker text/csv inference request (no header, no label).

xgboost itself is not needed: this is a small, exact-greedy implementation of the
XGBoost algorithm (second-order gradient boosting of regression trees, logistic loss,
L2-regularised leaf weights) in python3 + numpy. It writes the result in XGBoost's own
JSON model format, as `xgboost.Booster.save_model("x.json")` of XGBoost 1.7 does, to a
file named `xgboost-model`, and packs that file as `model.tar.gz`, which is what the
SageMaker XGBoost 1.7-1 container expects in ModelDataUrl.

Deterministic: no randomness (no row or column sampling), stable sorts, ties broken by
first feature / lowest threshold, exact sums (math.fsum), fixed key order and number
formatting in the JSON, and a reproducible archive (fixed mtime, uid/gid 0, no user
names, no file name or time in the gzip header). Re-running it gives the same
`xgboost-model` bytes and the same uncompressed tar stream.

Usage: python3 train.py [--out-dir DIR]   (default: the directory of this script)
Writes DIR/model.tar.gz and DIR/metrics.json, prints the training accuracy.
"""

import argparse
import gzip
import hashlib
import io
import json
import math
import os
import sys
import tarfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # keep assets/model free of __pycache__
sys.path.insert(0, HERE)
import predict  # noqa: E402  (the evaluator shipped beside this script)

DATA = os.path.join(HERE, "data", "iris.csv")
MODEL_MEMBER = "xgboost-model"
XGBOOST_VERSION = [1, 7, 6]  # the JSON format of XGBoost 1.7 (sagemaker-xgboost:1.7-1)
ARCHIVE_MTIME = 946684800    # 2000-01-01T00:00:00Z, fixed for a reproducible archive

PARAMS = {
    "objective": "binary:logistic",
    "base_score": 0.5,        # XGBoost 1.7's default; a probability, the margin starts at logit(0.5) = 0
    "eta": 0.3,               # learning rate (XGBoost default)
    "max_depth": 3,
    "lambda": 1.0,            # L2 regularisation of leaf weights (XGBoost default)
    "gamma": 0.0,             # minimum loss reduction to split (XGBoost default)
    "min_child_weight": 1.0,  # minimum hessian sum in a child (XGBoost default)
    "num_round": 12,
    "tree_method": "exact",
}
RT_EPS = 1e-6  # XGBoost's kRtEps: a split must gain more than this


def sigmoid(m):
    return 1.0 / (1.0 + math.exp(-m))


def f32(x):
    return float(np.float32(x))


def best_split(X32, idx, g, h, G, H):
    """Exact greedy split search over all features. Returns (gain, feature, threshold, left_mask) or None."""
    lam, mcw = PARAMS["lambda"], PARAMS["min_child_weight"]
    parent_score = G * G / (H + lam)
    best = None
    for f in range(X32.shape[1]):
        values = X32[idx, f]
        order = np.argsort(values, kind="stable")
        v = values[order]
        gl = np.cumsum(g[idx][order])  # sequential sums: reproducible
        hl = np.cumsum(h[idx][order])
        for k in range(len(v) - 1):
            if v[k] == v[k + 1]:
                continue
            GL, HL = float(gl[k]), float(hl[k])
            GR, HR = G - GL, H - HL
            if HL < mcw or HR < mcw:
                continue
            gain = GL * GL / (HL + lam) + GR * GR / (HR + lam) - parent_score
            if best is None or gain > best[0]:
                # XGBoost exact: threshold halfway between neighbouring values, in float32
                thr = np.float32((v[k] + v[k + 1]) * np.float32(0.5))
                best = (gain, f, thr)
    if best is None:
        return None
    gain, f, thr = best
    return gain, f, thr, X32[idx, f] < thr


def build_tree(X32, g, h):
    """Grow one tree depth-wise; nodes are numbered in the order XGBoost numbers them."""
    lam, eta = PARAMS["lambda"], PARAMS["eta"]
    nodes = [{"idx": np.arange(X32.shape[0]), "depth": 0, "parent": predict.ROOT_PARENT}]
    i = 0
    while i < len(nodes):
        node = nodes[i]
        idx = node["idx"]
        G = math.fsum(g[idx])
        H = math.fsum(h[idx])
        node["sum_hess"] = H
        node["weight"] = -G / (H + lam)
        split = None
        if node["depth"] < PARAMS["max_depth"]:
            split = best_split(X32, idx, g, h, G, H)
        if split is not None and split[0] > RT_EPS and split[0] > PARAMS["gamma"]:
            gain, f, thr, left_mask = split
            node.update(feature=f, threshold=thr, gain=gain)
            node["left"] = len(nodes)
            nodes.append({"idx": idx[left_mask], "depth": node["depth"] + 1, "parent": i})
            node["right"] = len(nodes)
            nodes.append({"idx": idx[~left_mask], "depth": node["depth"] + 1, "parent": i})
        else:
            node["leaf"] = f32(eta * node["weight"])
        i += 1
    for node in nodes:
        if "leaf" not in node:
            # Missing values (an empty CSV field) go to the child that saw more training weight.
            node["default_left"] = 1 if nodes[node["left"]]["sum_hess"] >= nodes[node["right"]]["sum_hess"] else 0
    return nodes


def tree_to_json(tree_id, nodes, num_feature):
    """The per-tree object of XGBoost 1.7's JSON model (RegTree::SaveModel)."""
    leaf = ["leaf" in n for n in nodes]
    return {
        "base_weights": [n["leaf"] if l else f32(n["weight"]) for n, l in zip(nodes, leaf)],
        "categories": [],
        "categories_nodes": [],
        "categories_segments": [],
        "categories_sizes": [],
        "default_left": [0 if l else n["default_left"] for n, l in zip(nodes, leaf)],
        "id": tree_id,
        "left_children": [-1 if l else n["left"] for n, l in zip(nodes, leaf)],
        "loss_changes": [0.0 if l else f32(n["gain"]) for n, l in zip(nodes, leaf)],
        "parents": [n["parent"] for n in nodes],
        "right_children": [-1 if l else n["right"] for n, l in zip(nodes, leaf)],
        "split_conditions": [n["leaf"] if l else float(n["threshold"]) for n, l in zip(nodes, leaf)],
        "split_indices": [0 if l else n["feature"] for n, l in zip(nodes, leaf)],
        "split_type": [0] * len(nodes),
        "sum_hessian": [f32(n["sum_hess"]) for n in nodes],
        "tree_param": {
            "num_deleted": "0",
            "num_feature": str(num_feature),
            "num_nodes": str(len(nodes)),
            "size_leaf_vector": "0",
        },
    }


def train(X, y):
    X32 = X.astype(np.float32)
    n, num_feature = X.shape
    base_margin = math.log(PARAMS["base_score"] / (1.0 - PARAMS["base_score"]))
    margin = np.full(n, base_margin, dtype=np.float64)
    trees = []
    for t in range(PARAMS["num_round"]):
        p = np.asarray([sigmoid(m) for m in margin])
        g = p - y
        h = np.maximum(p * (1.0 - p), 1e-16)
        nodes = build_tree(X32, g, h)
        # Move the margins by the leaf each row lands in (the float32 value that is saved).
        for node in nodes:
            if "leaf" in node:
                margin[node["idx"]] += node["leaf"]
        trees.append(tree_to_json(t, nodes, num_feature))
    return {
        "learner": {
            "attributes": {},
            "feature_names": [],
            "feature_types": [],
            "gradient_booster": {
                "model": {
                    "gbtree_model_param": {"num_parallel_tree": "1", "num_trees": str(len(trees))},
                    "tree_info": [0] * len(trees),
                    "trees": trees,
                },
                "name": "gbtree",
            },
            "learner_model_param": {
                "base_score": "5E-1",
                "num_class": "0",
                "num_feature": str(num_feature),
                "num_target": "1",
            },
            "objective": {"name": "binary:logistic", "reg_loss_param": {"scale_pos_weight": "1"}},
        },
        "version": XGBOOST_VERSION,
    }


# ----------------------------------------------------------------------------- serialisation

def format_float(x):
    """Shortest float32 text that round-trips, always with a decimal point (XGBoost reads
    a number without '.', 'e' or 'E' as an Integer and rejects it where a Number is due)."""
    s = np.format_float_positional(np.float32(x), unique=True, trim="0")
    if not math.isfinite(float(x)) or "." not in s:
        raise ValueError(f"cannot write {x!r} as a JSON number")
    return s


def dumps(obj):
    """Compact JSON with sorted keys, like XGBoost's own writer."""
    if isinstance(obj, dict):
        return "{" + ",".join(json.dumps(k) + ":" + dumps(obj[k]) for k in sorted(obj)) + "}"
    if isinstance(obj, list):
        return "[" + ",".join(dumps(v) for v in obj) + "]"
    if isinstance(obj, bool) or obj is None:
        raise TypeError(f"unexpected {obj!r} in model")
    if isinstance(obj, int):
        return str(obj)
    if isinstance(obj, float):
        return format_float(obj)
    if isinstance(obj, str):
        return json.dumps(obj)
    raise TypeError(f"cannot serialise {type(obj).__name__}")


def tar_stream(model_bytes):
    """The uncompressed tar holding one file, xgboost-model, at its root."""
    tar_buf = io.BytesIO()
    with tarfile.open(fileobj=tar_buf, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        info = tarfile.TarInfo(MODEL_MEMBER)
        info.size = len(model_bytes)
        info.mtime = ARCHIVE_MTIME
        info.mode = 0o644
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        tar.addfile(info, io.BytesIO(model_bytes))
    return tar_buf.getvalue()


def gzip_bytes(data):
    """gzip with a fixed header: no file name, fixed mtime. (The deflate stream itself
    depends on the zlib build, so reproducibility is checked on the uncompressed tar.)"""
    gz_buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=gz_buf, compresslevel=9, mtime=ARCHIVE_MTIME) as gz:
        gz.write(data)
    return gz_buf.getvalue()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out-dir", default=HERE)
    args = parser.parse_args(argv)

    features, X, species = predict.read_labelled_csv(DATA)
    y = predict.labels_of(species).astype(np.float64)
    model = train(X, y)
    model_bytes = dumps(model).encode("utf-8")

    errors = predict.validate(model_bytes)
    if errors:
        raise SystemExit("model failed validation:\n  " + "\n  ".join(errors))

    # Score the serialised model with the independent evaluator, not the in-memory trees.
    evaluator = predict.Model(json.loads(model_bytes))
    prob = evaluator.predict(X).astype(np.float64)
    pred = (prob > 0.5).astype(np.int64)
    yi = y.astype(np.int64)
    accuracy = float(np.mean(pred == yi))
    eps = 1e-15
    logloss = -math.fsum(yi[i] * math.log(max(prob[i], eps)) + (1 - yi[i]) * math.log(max(1 - prob[i], eps))
                         for i in range(len(yi))) / len(yi)
    trees = model["learner"]["gradient_booster"]["model"]["trees"]

    os.makedirs(args.out_dir, exist_ok=True)
    tar_bytes = tar_stream(model_bytes)
    archive = gzip_bytes(tar_bytes)
    with open(os.path.join(args.out_dir, "model.tar.gz"), "wb") as f:
        f.write(archive)
    metrics = {
        "dataset": {"file": "data/iris.csv", "rows": int(len(yi)), "features": features,
                    "label": "species == virginica", "positives": int(yi.sum())},
        "algorithm": "gradient-boosted trees, XGBoost JSON model format 1.7 (sagemaker-xgboost:1.7-1)",
        "params": PARAMS,
        "numTrees": len(trees),
        "numNodes": sum(int(t["tree_param"]["num_nodes"]) for t in trees),
        "train": {
            "accuracy": round(accuracy, 6),
            "logloss": round(logloss, 6),
            "confusion": {
                "tp": int(((pred == 1) & (yi == 1)).sum()), "fp": int(((pred == 1) & (yi == 0)).sum()),
                "tn": int(((pred == 0) & (yi == 0)).sum()), "fn": int(((pred == 0) & (yi == 1)).sum()),
            },
        },
        "artifacts": {
            MODEL_MEMBER: {"bytes": len(model_bytes), "sha256": hashlib.sha256(model_bytes).hexdigest()},
            "model.tar (uncompressed model.tar.gz)": {"bytes": len(tar_bytes),
                                                      "sha256": hashlib.sha256(tar_bytes).hexdigest()},
        },
    }
    with open(os.path.join(args.out_dir, "metrics.json"), "w", encoding="utf-8") as f:
        f.write(json.dumps(metrics, indent=2, sort_keys=True) + "\n")
    print(f"trees={len(trees)} nodes={metrics['numNodes']} train accuracy={accuracy:.4f} "
          f"logloss={logloss:.4f} -> {os.path.join(args.out_dir, 'model.tar.gz')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
