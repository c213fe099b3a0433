//! push.sh run against a stand-in `aws`: every call in order, the placeholders replaced with
//! what the service returned, a stop at the first failure with what was done, `--workload-id`.

use std::path::Path;
use std::process::Command;

use serde_json::json;

use super::common::{json, json_error};
use super::{export, read_json, workbook};

/// A stand-in for the AWS CLI (the WA Tool cannot be reached offline): logs each call, keeps
/// each `--cli-input-json` file, answers `--query` like the service, and fails the call whose
/// subcommand is `$FAIL_ON`.
const FAKE_AWS: &str = r#"#!/usr/bin/env bash
set -eu
echo "$*" >>"$AWS_LOG_DIR/calls"
sub="$2"
if [ "${FAIL_ON:-}" = "$sub" ]; then echo "An error occurred (ValidationException)" >&2; exit 254; fi
prev=""
for arg in "$@"; do
  if [ "$prev" = "--cli-input-json" ]; then
    n=$(ls "$AWS_LOG_DIR" | wc -l)
    cp "${arg#file://}" "$AWS_LOG_DIR/$n-$sub.json"
  fi
  prev="$arg"
done
case "$sub" in
  import-lens) echo "arn:aws:wellarchitected:ap-northeast-1:111122223333:lens/abc" ;;
  create-workload) echo "fedcba9876543210fedcba9876543210" ;;
esac
"#;

fn run_push(out: &Path, logs: &Path, fail_on: &str) -> std::process::Output {
    let bin = logs.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let aws = bin.join("aws");
    std::fs::write(&aws, FAKE_AWS).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&aws, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let calls = logs.join("calls");
    std::fs::create_dir_all(&calls).unwrap();
    Command::new("bash")
        .arg(out.join("push.sh"))
        .env(
            "PATH",
            format!("{}:{}", bin.display(), std::env::var("PATH").unwrap()),
        )
        .env("AWS_LOG_DIR", &calls)
        .env("FAIL_ON", fail_on)
        .output()
        .unwrap()
}

#[test]
fn push_sh_sends_everything_in_order_and_stops_at_the_first_failure() {
    if Command::new("jq").arg("--version").output().is_err() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but jq is missing"
        );
        eprintln!("skipped: jq is not installed");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    workbook(dir, false);
    export(dir, "out");
    let out = dir.join("out");
    let answers = std::fs::read_dir(out.join("answers")).unwrap().count();

    let output = run_push(&out, &dir.join("ok"), "");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let calls = std::fs::read_to_string(dir.join("ok/calls/calls")).unwrap();
    let subcommands: Vec<&str> = calls
        .lines()
        .map(|l| l.split(' ').nth(1).unwrap())
        .collect();
    let mut expected = vec![
        "import-lens",
        "create-lens-version",
        "create-workload",
        "associate-lenses",
    ];
    expected.extend(std::iter::repeat_n("update-answer", answers));
    assert_eq!(subcommands, expected, "{calls}");
    assert!(calls.contains("--json-string file://lens.json"), "{calls}");
    // The placeholders are replaced with what the service returned.
    let mut sent = 0;
    for entry in std::fs::read_dir(dir.join("ok/calls")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        if name.ends_with("-update-answer.json") {
            let request = read_json(&path);
            assert_eq!(request["WorkloadId"], "fedcba9876543210fedcba9876543210");
            assert_eq!(
                request["LensAlias"],
                "arn:aws:wellarchitected:ap-northeast-1:111122223333:lens/abc"
            );
            sent += 1;
        } else if name.ends_with("-create-workload.json") {
            let request = read_json(&path);
            assert_eq!(
                request["Lenses"],
                json!(["arn:aws:wellarchitected:ap-northeast-1:111122223333:lens/abc"])
            );
        }
    }
    assert_eq!(sent, answers);
    assert!(
        stdout.contains(&format!("{answers} answer(s) sent")),
        "{stdout}"
    );

    let failed = run_push(&out, &dir.join("fail"), "associate-lenses");
    assert!(!failed.status.success());
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(stderr.contains("stopped at a failure"), "{stderr}");
    assert!(
        stderr.contains("create-workload: fedcba9876543210fedcba9876543210"),
        "{stderr}"
    );
    let calls = std::fs::read_to_string(dir.join("fail/calls/calls")).unwrap();
    assert!(!calls.contains("update-answer"), "{calls}");

    // --workload-id: no workload is created; that one gets the lens and the answers.
    let given = "0123456789abcdef0123456789abcdef";
    json(
        dir,
        &[
            "wa-tool",
            "export",
            "w.hashira",
            "--set",
            "fisc-sec",
            "out2",
            "--workload-id",
            given,
        ],
    );
    let output = run_push(&dir.join("out2"), &dir.join("given"), "");
    assert!(output.status.success());
    let calls = std::fs::read_to_string(dir.join("given/calls/calls")).unwrap();
    assert!(!calls.contains("create-workload"), "{calls}");
    assert!(
        calls.contains(&format!("associate-lenses --workload-id {given}")),
        "{calls}"
    );
    let error = json_error(
        dir,
        &[
            "wa-tool",
            "export",
            "w.hashira",
            "--set",
            "fisc-sec",
            "out3",
            "--workload-id",
            "x",
        ],
    );
    assert_eq!(error["code"], "INVALID_PROPERTY");
    assert!(!dir.join("out3").exists());
}
