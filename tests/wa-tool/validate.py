#!/usr/bin/env python3
"""Checks a `hashira wa-tool export` folder offline against botocore's own wellarchitected
model: every answers/*.json as an UpdateAnswer input, lens.json as the ImportLens input, and
create-workload.json (with the lens ARN push.sh puts in) as the CreateWorkload input.

botocore's ParamValidator checks types, required members and minimum lengths, but neither
maximum lengths nor enums: both are checked here against the model (`max` of every string,
list and map; the enum lists of Status, Reason and Environment).

Usage: validate.py OUT_DIR      exit 0 when valid, 1 with every problem listed, 2 when
botocore is missing (the Rust test fails on that under CI).
"""
import json
import pathlib
import sys

try:
    import botocore.session
    from botocore.validate import ParamValidator
except ImportError:
    print("botocore is not installed", file=sys.stderr)
    sys.exit(2)

WORKLOAD_ID = "0123456789abcdef0123456789abcdef"
LENS_ARN = "arn:aws:wellarchitected:ap-northeast-1:111122223333:lens/0123456789abcdef0123456789abcdef"


def main(out_dir):
    model = botocore.session.get_session().get_service_model("wellarchitected")
    validator = ParamValidator()
    problems = []

    def limits(shape, value, path, where):
        maximum = shape.metadata.get("max")
        if shape.type_name in ("string", "list", "map") and maximum is not None:
            if len(value) > maximum:
                problems.append(f"{where}: {path}: length {len(value)} over the model's max {maximum}")
        if shape.type_name == "structure" and isinstance(value, dict):
            for key, item in value.items():
                if key in shape.members:
                    limits(shape.members[key], item, f"{path}.{key}".lstrip("."), where)
        elif shape.type_name == "list" and isinstance(value, list):
            for i, item in enumerate(value):
                limits(shape.member, item, f"{path}[{i}]", where)
        elif shape.type_name == "map" and isinstance(value, dict):
            for key, item in value.items():
                limits(shape.key, key, f"{path}.<key {key}>", where)
                limits(shape.value, item, f"{path}.{key}", where)

    def validate(operation, params, where):
        shape = model.operation_model(operation).input_shape
        report = validator.validate(params, shape)
        if report.has_errors():
            problems.append(f"{where}: {operation}: {report.generate_report()}")
        limits(shape, params, "", where)

    def enum(shape_name):
        return set(model.shape_for(shape_name).enum)

    choice_status = enum("ChoiceStatus")
    choice_reason = enum("ChoiceReason")
    answer_reason = enum("AnswerReason")

    answers = sorted((out_dir / "answers").glob("*.json"))
    for path in answers:
        params = json.loads(path.read_text(encoding="utf-8"))
        where = f"answers/{path.name}"
        if params.get("WorkloadId") != "WORKLOAD_ID" or params.get("LensAlias") != "LENS_ALIAS":
            problems.append(f"{where}: WorkloadId/LensAlias are not the placeholders")
        if path.stem != params.get("QuestionId"):
            problems.append(f"{where}: the file is not named after its QuestionId")
        params["WorkloadId"] = WORKLOAD_ID
        params["LensAlias"] = LENS_ARN
        validate("UpdateAnswer", params, where)
        for choice, update in (params.get("ChoiceUpdates") or {}).items():
            if update.get("Status") not in choice_status:
                problems.append(f"{where}: ChoiceUpdates.{choice}.Status {update.get('Status')!r}")
            if "Reason" in update and update["Reason"] not in choice_reason:
                problems.append(f"{where}: ChoiceUpdates.{choice}.Reason {update['Reason']!r}")
        if "Reason" in params and params["Reason"] not in answer_reason:
            problems.append(f"{where}: Reason {params['Reason']!r}")
        if params.get("IsApplicable") is False and "Reason" not in params:
            problems.append(f"{where}: a question marked not applicable without a Reason")

    lens = (out_dir / "lens.json").read_text(encoding="utf-8")
    validate("ImportLens", {"JSONString": lens, "ClientRequestToken": "hashira-validate"}, "lens.json")

    workload = json.loads((out_dir / "create-workload.json").read_text(encoding="utf-8"))
    if workload.get("Lenses") != ["LENS_ALIAS"]:
        problems.append("create-workload.json: Lenses is not the placeholder push.sh replaces")
    # As push.sh builds it: jq '.Lenses = [$lens]'; the AWS CLI adds the ClientRequestToken.
    workload["Lenses"] = [LENS_ARN]
    workload["ClientRequestToken"] = "hashira-validate"
    validate("CreateWorkload", workload, "create-workload.json")
    if workload.get("Environment") not in enum("WorkloadEnvironment"):
        problems.append(f"create-workload.json: Environment {workload.get('Environment')!r}")

    # The requests push.sh makes from command-line options, as it passes them.
    validate("CreateLensVersion", {"LensAlias": LENS_ARN, "LensVersion": "1.0", "IsMajorVersion": True,
                                   "ClientRequestToken": "hashira-validate"}, "push.sh")
    validate("AssociateLenses", {"WorkloadId": WORKLOAD_ID, "LensAliases": [LENS_ARN]}, "push.sh")

    push = (out_dir / "push.sh").read_text(encoding="utf-8")
    for command in ("import-lens", "create-lens-version", "create-workload",
                    "associate-lenses", "update-answer", "set -euo pipefail"):
        if command not in push:
            problems.append(f"push.sh: no {command}")

    for problem in problems:
        print(problem)
    print(f"{out_dir}: {len(answers)} UpdateAnswer, ImportLens, CreateLensVersion, CreateWorkload, AssociateLenses checked against "
          f"botocore {botocore.__version__}: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(pathlib.Path(sys.argv[1])))
