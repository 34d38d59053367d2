#!/usr/bin/env python3
"""Pure-numpy evaluator and checker for the reference XGBoost model.

The reference app serves `model.tar.gz` with the SageMaker built-in XGBoost
algorithm (image `sagemaker-xgboost:1.7-1`). That container un-tars the archive
into /opt/ml/model, tries `pickle.load` on every file and, when that fails,
`xgboost.Booster().load_model(path)`. XGBoost detects a JSON model by its first
byte '{' followed by '"', whatever the file name.

This script does not need xgboost. It reads the same JSON model format
(`Booster.save_model('x.json')`, version 1.7) and predicts the way XGBoost does
for `gbtree` + `binary:logistic`:

    margin = logit(base_score) + sum over trees of the leaf value reached
    output = sigmoid(margin)

A row walks a tree from node 0: at an internal node it goes to the left child
when `x[split_indices[n]] < split_conditions[n]` (compared in float32), to the
right child otherwise, and to the `default_left` side when the value is missing.
At a leaf (`left_children[n] == -1`) the leaf value is `split_conditions[n]`.

Usage:
  predict.py [--model PATH] < rows.csv        print one probability per input row
                                              (SageMaker text/csv: no header, no label)
  predict.py --check [--model PATH] [--data CSV] [--payloads JSONL] [--min-accuracy A]
                                              validate the model file against the
                                              schema the 1.7 loader needs, predict the
                                              labelled data set and the sample payloads,
                                              print a JSON report, exit 1 on failure.
"""

import argparse
import io
import json
import math
import os
import pickle
import sys
import tarfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_MODEL = os.path.join(HERE, "model.tar.gz")
DEFAULT_DATA = os.path.join(HERE, "data", "iris.csv")
DEFAULT_PAYLOADS = os.path.join(HERE, "..", "payloads", "iris-samples.jsonl")
MODEL_MEMBER = "xgboost-model"
LABEL_COLUMN = "species"
POSITIVE_CLASS = "virginica"
ROOT_PARENT = 2147483647  # what XGBoost writes as the parent of node 0

TREE_FLOAT_ARRAYS = ("base_weights", "loss_changes", "split_conditions", "sum_hessian")
TREE_INT_ARRAYS = ("default_left", "left_children", "parents", "right_children",
                   "split_indices", "split_type")
TREE_EMPTY_ARRAYS = ("categories", "categories_nodes", "categories_segments", "categories_sizes")


# ----------------------------------------------------------------------------- loading

def read_model_bytes(path):
    """Return the bytes of the model file, from a .tar.gz (member xgboost-model) or a plain file."""
    if path.endswith(".tar.gz") or path.endswith(".tgz"):
        with tarfile.open(path, "r:gz") as tar:
            names = tar.getnames()
            if names != [MODEL_MEMBER]:
                raise ValueError(f"{path}: expected exactly one member '{MODEL_MEMBER}' at the root, got {names}")
            member = tar.getmember(MODEL_MEMBER)
            if not member.isfile():
                raise ValueError(f"{path}: '{MODEL_MEMBER}' is not a regular file")
            return tar.extractfile(member).read()
    with open(path, "rb") as f:
        return f.read()


def parse_model(raw):
    return json.loads(raw.decode("utf-8"))


# ----------------------------------------------------------------------------- schema

def _is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def _is_float(v):
    # XGBoost's JSON reader types a number without '.', 'e' or 'E' as Integer and then
    # refuses it where it expects a Number (e.g. split_conditions). Python's json module
    # makes the same distinction (int vs float), so checking the type is enough.
    return isinstance(v, float)


def validate(raw):
    """Check the bytes against what XGBoost 1.7's JSON loader requires. Return a list of errors."""
    errors = []

    def err(msg):
        errors.append(msg)

    if not raw.startswith(b"{"):
        err("model file must start with '{' (XGBoost dispatches to its JSON reader on that byte)")
    stripped = raw[1:].lstrip()
    if not stripped.startswith(b'"'):
        err("first non-space byte after '{' must be '\"' (otherwise XGBoost reads UBJSON)")
    try:
        pickle.loads(raw)
        err("model file unpickles: the SageMaker container would take it for a pickled Booster")
    except Exception:  # noqa: BLE001 - any failure is what we want here
        pass
    try:
        model = parse_model(raw)
    except Exception as e:  # noqa: BLE001
        return errors + [f"not valid JSON: {e}"]

    version = model.get("version")
    if not (isinstance(version, list) and len(version) == 3 and all(_is_int(v) for v in version)):
        err(f"version must be 3 integers, got {version!r}")
    elif version[0] != 1 or version[1] != 7:
        err(f"version must be 1.7.x for the sagemaker-xgboost:1.7-1 container, got {version}")

    learner = model.get("learner")
    if not isinstance(learner, dict):
        return errors + ["learner object missing"]
    for key in ("attributes", "feature_names", "feature_types", "gradient_booster",
                "learner_model_param", "objective"):
        if key not in learner:
            err(f"learner.{key} missing")
    if learner.get("feature_names"):
        err("learner.feature_names must be empty: CSV requests carry no names and the "
            "container's DMatrix would not match them")

    lmp = learner.get("learner_model_param", {})
    for key in ("base_score", "num_class", "num_feature", "num_target"):
        if not isinstance(lmp.get(key), str):
            err(f"learner_model_param.{key} must be a string, got {lmp.get(key)!r}")
    try:
        base_score = float(lmp["base_score"])
        if not 0.0 < base_score < 1.0:
            err(f"base_score must be a probability in (0, 1) for binary:logistic, got {base_score}")
    except (KeyError, ValueError, TypeError):
        err("learner_model_param.base_score does not parse as a float")
    num_feature = int(lmp.get("num_feature", "0")) if str(lmp.get("num_feature", "")).isdigit() else 0
    if num_feature <= 0:
        err("learner_model_param.num_feature must be a positive integer string")
    if lmp.get("num_class") != "0":
        err("learner_model_param.num_class must be '0' for a binary model")

    objective = learner.get("objective", {})
    if objective.get("name") != "binary:logistic":
        err(f"objective.name must be binary:logistic, got {objective.get('name')!r}")
    if not isinstance(objective.get("reg_loss_param", {}).get("scale_pos_weight"), str):
        err("objective.reg_loss_param.scale_pos_weight (string) missing")

    gb = learner.get("gradient_booster", {})
    if gb.get("name") != "gbtree":
        err(f"gradient_booster.name must be gbtree, got {gb.get('name')!r}")
    gbm = gb.get("model", {})
    trees = gbm.get("trees")
    if not isinstance(trees, list) or not trees:
        return errors + ["gradient_booster.model.trees must be a non-empty array"]
    param = gbm.get("gbtree_model_param", {})
    if param.get("num_trees") != str(len(trees)):
        err(f"gbtree_model_param.num_trees {param.get('num_trees')!r} != {len(trees)} trees")
    if param.get("num_parallel_tree") != "1":
        err("gbtree_model_param.num_parallel_tree must be '1'")
    if gbm.get("tree_info") != [0] * len(trees):
        err("tree_info must hold one 0 (output group) per tree")

    for t, tree in enumerate(trees):
        where = f"trees[{t}]"
        if tree.get("id") != t:
            err(f"{where}.id must be {t}")
        tp = tree.get("tree_param", {})
        for key in ("num_deleted", "num_feature", "num_nodes", "size_leaf_vector"):
            if not isinstance(tp.get(key), str):
                err(f"{where}.tree_param.{key} must be a string")
        try:
            n = int(tp["num_nodes"])
        except (KeyError, ValueError):
            err(f"{where}.tree_param.num_nodes unreadable")
            continue
        if tp.get("num_deleted") != "0":
            err(f"{where}.tree_param.num_deleted must be '0'")
        if tp.get("num_feature") != lmp.get("num_feature"):
            err(f"{where}.tree_param.num_feature must equal learner_model_param.num_feature")
        for key in TREE_FLOAT_ARRAYS:
            arr = tree.get(key)
            if not isinstance(arr, list) or len(arr) != n or not all(_is_float(v) for v in arr):
                err(f"{where}.{key} must be {n} JSON numbers written with a decimal point")
        for key in TREE_INT_ARRAYS:
            arr = tree.get(key)
            if not isinstance(arr, list) or len(arr) != n or not all(_is_int(v) for v in arr):
                err(f"{where}.{key} must be {n} integers")
        for key in TREE_EMPTY_ARRAYS:
            if tree.get(key) != []:
                err(f"{where}.{key} must be an empty array (no categorical splits)")
        if errors:
            continue
        left, right, parents = tree["left_children"], tree["right_children"], tree["parents"]
        if parents[0] != ROOT_PARENT:
            err(f"{where}.parents[0] must be {ROOT_PARENT}")
        seen = set()
        stack = [0]
        while stack:
            node = stack.pop()
            if node in seen:
                err(f"{where}: node {node} reached twice")
                break
            seen.add(node)
            if tree["split_type"][node] != 0:
                err(f"{where}.split_type[{node}] must be 0 (numerical)")
            if tree["default_left"][node] not in (0, 1):
                err(f"{where}.default_left[{node}] must be 0 or 1")
            if left[node] == -1:
                if right[node] != -1:
                    err(f"{where}: node {node} has a right child but no left child")
                continue
            if not 0 <= tree["split_indices"][node] < num_feature:
                err(f"{where}.split_indices[{node}] out of range")
            for child in (left[node], right[node]):
                if not 0 < child < n:
                    err(f"{where}: child {child} of node {node} out of range")
                    continue
                if parents[child] != node:
                    err(f"{where}.parents[{child}] must be {node}")
                stack.append(child)
        if len(seen) != n:
            err(f"{where}: {n - len(seen)} node(s) unreachable from the root")
    return errors


# ----------------------------------------------------------------------------- prediction

class Model:
    """A gbtree binary:logistic model read from XGBoost's JSON format."""

    def __init__(self, model):
        learner = model["learner"]
        self.objective = learner["objective"]["name"]
        if self.objective != "binary:logistic":
            raise ValueError(f"unsupported objective {self.objective}")
        lmp = learner["learner_model_param"]
        self.num_feature = int(lmp["num_feature"])
        base_score = np.float32(float(lmp["base_score"]))
        # binary:logistic stores base_score as a probability; the margin starts at its logit.
        self.base_margin = np.float32(-math.log(1.0 / float(base_score) - 1.0))
        self.trees = []
        for tree in learner["gradient_booster"]["model"]["trees"]:
            self.trees.append((
                np.asarray(tree["left_children"], dtype=np.int64),
                np.asarray(tree["right_children"], dtype=np.int64),
                np.asarray(tree["split_indices"], dtype=np.int64),
                np.asarray(tree["split_conditions"], dtype=np.float32),
                np.asarray(tree["default_left"], dtype=np.int64),
            ))

    def margin(self, X):
        X = np.asarray(X, dtype=np.float32)
        if X.ndim != 2 or X.shape[1] != self.num_feature:
            raise ValueError(f"expected rows of {self.num_feature} features, got shape {X.shape}")
        out = np.full(X.shape[0], self.base_margin, dtype=np.float32)
        for left, right, index, cond, default_left in self.trees:
            for r in range(X.shape[0]):
                node = 0
                while left[node] != -1:
                    v = X[r, index[node]]
                    if np.isnan(v):
                        node = left[node] if default_left[node] else right[node]
                    elif v < cond[node]:
                        node = left[node]
                    else:
                        node = right[node]
                out[r] = np.float32(out[r] + cond[node])
        return out

    def predict(self, X):
        m = self.margin(X).astype(np.float64)
        return (1.0 / (1.0 + np.exp(-m))).astype(np.float32)


def load_model(path):
    return Model(parse_model(read_model_bytes(path)))


def parse_csv_rows(text):
    """Parse SageMaker text/csv rows (no header, no label); an empty field is a missing value."""
    rows = []
    for line in text.splitlines():
        if not line.strip():
            continue
        rows.append([float(v) if v.strip() else float("nan") for v in line.split(",")])
    return rows


def read_labelled_csv(path):
    with open(path, encoding="utf-8") as f:
        header = f.readline().strip().split(",")
        if header[-1] != LABEL_COLUMN:
            raise ValueError(f"{path}: last column must be '{LABEL_COLUMN}'")
        X, species = [], []
        for line in f:
            if not line.strip():
                continue
            parts = line.strip().split(",")
            X.append([float(v) for v in parts[:-1]])
            species.append(parts[-1])
    return header[:-1], np.asarray(X, dtype=np.float64), species


def labels_of(species):
    return np.asarray([1 if s == POSITIVE_CLASS else 0 for s in species], dtype=np.int64)


# ----------------------------------------------------------------------------- CLI

def check(args):
    report = {"model": os.path.relpath(args.model), "ok": True}
    raw = read_model_bytes(args.model)
    errors = validate(raw)
    report["schemaErrors"] = errors
    if errors:
        report["ok"] = False
        return report
    model = Model(parse_model(raw))
    report["numTrees"] = len(model.trees)
    report["numFeature"] = model.num_feature

    features, X, species = read_labelled_csv(args.data)
    y = labels_of(species)
    p = model.predict(X)
    accuracy = float(np.mean((p > 0.5).astype(np.int64) == y))
    report["features"] = features
    report["rows"] = int(len(y))
    report["accuracy"] = accuracy
    if accuracy < args.min_accuracy:
        report["ok"] = False

    if args.payloads and os.path.exists(args.payloads):
        results = []
        with open(args.payloads, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                sample = json.loads(line)
                rows = parse_csv_rows(sample["body"])
                probs = model.predict(rows)
                prob = float(probs[0])
                label = int(prob > 0.5)
                expected = sample["expected"]
                ok = (len(rows) == 1 and sample["contentType"] == "text/csv"
                      and label == expected["predictedLabel"]
                      and abs(prob - expected["probability"]) <= expected["probabilityTolerance"])
                results.append({"name": sample["name"], "probability": prob, "predictedLabel": label, "ok": ok})
                if not ok:
                    report["ok"] = False
        report["payloads"] = results
    return report


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=DEFAULT_MODEL, help="model.tar.gz or a plain xgboost-model file")
    parser.add_argument("--check", action="store_true", help="validate and score the model, print a JSON report")
    parser.add_argument("--data", default=DEFAULT_DATA, help="labelled CSV with a header (for --check)")
    parser.add_argument("--payloads", default=os.path.normpath(DEFAULT_PAYLOADS), help="sample payloads JSONL (for --check)")
    parser.add_argument("--min-accuracy", type=float, default=0.95)
    args = parser.parse_args(argv)

    if args.check:
        report = check(args)
        print(json.dumps(report, indent=2, sort_keys=True))
        return 0 if report["ok"] else 1

    model = load_model(args.model)
    for p in model.predict(parse_csv_rows(sys.stdin.read())):
        print(repr(float(p)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
