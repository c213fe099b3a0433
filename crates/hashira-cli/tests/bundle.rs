//! `hashira bundle` and `bundle verify` (issue #14 §2, §3) on real files: the zip unpacked by
//! the real `unzip`, its sums checked by the real `sha256sum -c`, the snapshot opened by
//! `sqlite3` and `hashira verify`; then the zip rewritten with Python's zipfile (one evidence
//! file changed, one removed, one added, the snapshot replaced by a later state) and
//! `bundle verify` naming each. Hostile evidence names stay inside their folder.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command as Process;
use std::sync::Arc;

use common::{hashira, json, json_error};
use hashira_core::question_set::shipped;
use hashira_core::workbook::NewEvidence;
use hashira_core::{FixedClock, Workbook};
use serde_json::Value;

/// The hostile names evidence is added under, and the content of each.
fn hostile_evidence() -> Vec<(String, Vec<u8>)> {
    vec![
        ("../x".into(), b"escapes?".to_vec()),
        ("CON.txt".into(), b"device".to_vec()),
        ("a:b".into(), b"colon".to_vec()),
        (format!("{}.pdf", "n".repeat(300)), b"long".to_vec()),
        ("dup.txt".into(), b"first".to_vec()),
        ("dup.txt".into(), b"second".to_vec()),
        ("議事録 2026.pdf".into(), vec![0xAB; 300_000]),
        ("trailing. ".into(), b"dots".to_vec()),
    ]
}

/// A workbook with the hostile evidence on its first question, a link (not a file, not
/// bundled), and a real file added by the CLI.
fn workbook_with_evidence(dir: &Path) -> PathBuf {
    let path = dir.join("w.hashira");
    let clock = Arc::new(FixedClock::parse("2026-04-01T09:00:00+09:00", 1000).unwrap());
    let mut workbook = Workbook::create(
        &path,
        "Bundle テスト",
        vec![shipped::shipped_set("sec").unwrap()],
        "tester",
        clock,
    )
    .unwrap();
    let question = workbook.question_sets()[0]
        .questions()
        .next()
        .unwrap()
        .1
        .id
        .clone();
    for (name, content) in hostile_evidence() {
        let item = NewEvidence::Bytes {
            file_name: name,
            content,
            title: String::new(),
        };
        workbook
            .add_evidence(&question, None, item, "tester")
            .unwrap();
    }
    let link = NewEvidence::Link {
        url: "https://example.com/policy".into(),
        title: "policy".into(),
    };
    workbook
        .add_evidence(&question, None, link, "tester")
        .unwrap();
    workbook.close().unwrap();
    std::fs::write(dir.join("design.txt"), "設計書").unwrap();
    hashira(dir)
        .args([
            "evidence",
            "add",
            "w.hashira",
            &question,
            "--file",
            "design.txt",
        ])
        .assert()
        .success();
    path
}

fn run(dir: &Path, program: &str, args: &[&str]) -> std::process::Output {
    let output = Process::new(program)
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} cannot run: {e}"));
    assert!(
        output.status.success(),
        "{program} {args:?} failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Rewrites `from` as `to` with Python's zipfile: each entry copied, except `replace`
/// (name → new bytes, or removed when the bytes are None) and `add` (extra entries). The new
/// bytes go to Python through files beside `to`.
fn rewrite_zip(from: &Path, to: &Path, replace: &[(&str, Option<&[u8]>)], add: &[(&str, &[u8])]) {
    let script = r#"
import json, sys, zipfile
src, dst, spec = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
data = lambda path: open(path, "rb").read()
replace = {k: (None if v is None else data(v)) for k, v in spec["replace"]}
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_STORED) as zout:
    for info in zin.infolist():
        if info.filename in replace:
            if replace[info.filename] is not None:
                zout.writestr(info, replace[info.filename])
        else:
            zout.writestr(info, zin.read(info.filename))
    for name, path in spec["add"]:
        zout.writestr(name, data(path))
"#;
    let mut n = 0;
    let mut staged = |bytes: &[u8]| {
        n += 1;
        let path = to.with_extension(format!("part{n}"));
        std::fs::write(&path, bytes).unwrap();
        path.display().to_string()
    };
    let replace: Vec<(&str, Option<String>)> = replace
        .iter()
        .map(|(name, bytes)| (*name, bytes.map(&mut staged)))
        .collect();
    let add: Vec<(&str, String)> = add
        .iter()
        .map(|(name, bytes)| (*name, staged(bytes)))
        .collect();
    let spec = serde_json::json!({ "replace": replace, "add": add });
    let output = Process::new("python3")
        .args(["-c", script])
        .arg(from)
        .arg(to)
        .arg(spec.to_string())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn entry_of(manifest: &Value, file_name: &str) -> String {
    manifest["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["file_name"] == file_name)
        .unwrap_or_else(|| panic!("no evidence {file_name} in {manifest}"))["path"]
        .as_str()
        .unwrap()
        .to_string()
}

fn problems(check: &Value) -> Vec<(String, String)> {
    check["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["kind"].as_str().unwrap().to_string(),
                p["path"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_bundle_passes_the_real_tools_and_verify_names_every_changed_missing_or_extra_file() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path();
    workbook_with_evidence(dir);
    let done = json(dir, &["bundle", "w.hashira", "out.zip"]);
    assert_eq!(done["evidence_files"], 9, "{done}");
    assert!(!dir.join("out.zip.tmp").exists());

    // Unpacked by the real unzip: every file inside the folder, the sums right.
    let unpacked = dir.join("x");
    run(dir, "unzip", &["-q", "out.zip", "-d", "x"]);
    run(&unpacked, "sha256sum", &["--quiet", "-c", "SHA256SUMS"]);
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(unpacked.join("MANIFEST.json")).unwrap()).unwrap();
    assert_eq!(manifest["audit_chain_head"], done["audit_chain_head"]);
    assert_eq!(manifest["workbook_id"], done["workbook_id"]);
    assert!(manifest["app_version"].as_str().unwrap().starts_with("0."));
    let mut paths: Vec<String> = Vec::new();
    for file in manifest["files"].as_array().unwrap() {
        let path = file["path"].as_str().unwrap();
        assert!(!path.split('/').any(|c| c == ".." || c == "."), "{path}");
        let on_disk = unpacked.join(path);
        let canonical = on_disk.canonicalize().unwrap();
        assert!(
            canonical.starts_with(unpacked.canonicalize().unwrap()),
            "{path}"
        );
        assert_eq!(
            std::fs::metadata(&on_disk).unwrap().len(),
            file["size"].as_u64().unwrap()
        );
        paths.push(path.to_lowercase());
    }
    let before = paths.len();
    paths.sort();
    paths.dedup();
    assert_eq!(paths.len(), before, "two entries unpack onto one file");
    // Each hostile name, made safe, holds its own content.
    for (name, content) in hostile_evidence()
        .into_iter()
        .filter(|(n, _)| n != "dup.txt")
    {
        let path = entry_of(&manifest, &name);
        let file_name = path.rsplit('/').next().unwrap();
        assert!(
            !file_name.contains([':', '\\']) && !file_name.ends_with(['.', ' ']),
            "{path}"
        );
        assert!(file_name.len() <= 120, "{path}");
        assert_eq!(
            std::fs::read(unpacked.join(&path)).unwrap(),
            content,
            "{path}"
        );
    }
    assert!(entry_of(&manifest, "CON.txt").ends_with("-CON.txt"));
    assert!(entry_of(&manifest, "../x").starts_with("evidence/sec/"));
    assert_eq!(
        std::fs::read_to_string(unpacked.join(entry_of(&manifest, "design.txt"))).unwrap(),
        "設計書"
    );

    // The snapshot is a workbook: sqlite3 reads it, hashira verifies it.
    let sqlite = run(
        &unpacked,
        "sqlite3",
        &[
            "workbook.hashira",
            "PRAGMA integrity_check; SELECT count(*) FROM evidence;",
        ],
    );
    assert_eq!(String::from_utf8_lossy(&sqlite.stdout), "ok\n10\n");
    hashira(&unpacked)
        .args(["verify", "workbook.hashira"])
        .assert()
        .success();
    hashira(dir)
        .args(["bundle", "verify", "out.zip"])
        .assert()
        .success();

    // One evidence file changed inside the zip: named, exit 3.
    let changed = entry_of(&manifest, "a:b");
    rewrite_zip(
        &dir.join("out.zip"),
        &dir.join("changed.zip"),
        &[(&changed, Some(b"colon!".as_slice()))],
        &[],
    );
    let output = hashira(dir)
        .args(["bundle", "verify", "changed.zip"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains(&changed) && text.contains("Changed"),
        "{text}"
    );

    // SHA256SUMS edited alone (a line's hash): named, the files themselves still match.
    let sums = std::fs::read_to_string(unpacked.join("SHA256SUMS")).unwrap();
    let edited = format!("{}{}", "0".repeat(64), &sums[64..]);
    rewrite_zip(
        &dir.join("out.zip"),
        &dir.join("sums.zip"),
        &[("SHA256SUMS", Some(edited.as_bytes()))],
        &[],
    );
    let output = hashira(dir)
        .args(["bundle", "verify", "sums.zip", "--json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    let check: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        problems(&check),
        vec![("CHANGED".to_string(), "SHA256SUMS".to_string())]
    );

    // One removed and one added: both named.
    let removed = entry_of(&manifest, "CON.txt");
    rewrite_zip(
        &dir.join("out.zip"),
        &dir.join("moved.zip"),
        &[(&removed, None)],
        &[("evidence/extra.txt", b"x".as_slice())],
    );
    let output = hashira(dir)
        .args(["bundle", "verify", "moved.zip", "--json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    let check: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        problems(&check),
        vec![
            ("MISSING".to_string(), removed.clone()),
            ("EXTRA".to_string(), "evidence/extra.txt".to_string())
        ]
    );
}

#[test]
fn a_snapshot_whose_audit_chain_goes_past_the_recorded_head_is_named() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path();
    workbook_with_evidence(dir);
    json(dir, &["bundle", "w.hashira", "out.zip"]);
    // A later state of the workbook put in as the snapshot, with the manifest and sums
    // rewritten to match its bytes: only the audit head can tell.
    hashira(dir)
        .args(["set-property", "w.hashira", "notes", "later"])
        .assert()
        .success();
    let later = std::fs::read(dir.join("w.hashira")).unwrap();
    run(dir, "unzip", &["-q", "out.zip", "MANIFEST.json", "-d", "m"]);
    let mut manifest: Value =
        serde_json::from_slice(&std::fs::read(dir.join("m/MANIFEST.json")).unwrap()).unwrap();
    let sha = |bytes: &[u8]| hashira_core::hashing::sha256_hex(bytes);
    for file in manifest["files"].as_array_mut().unwrap() {
        if file["path"] == "workbook.hashira" {
            file["size"] = later.len().into();
            file["sha256"] = sha(&later).into();
        }
    }
    let manifest_bytes = serde_json::to_vec_pretty(&manifest).unwrap();
    let mut sums = String::new();
    for file in manifest["files"].as_array().unwrap() {
        sums.push_str(&format!(
            "{}  {}\n",
            file["sha256"].as_str().unwrap(),
            file["path"].as_str().unwrap()
        ));
    }
    sums.push_str(&format!("{}  MANIFEST.json\n", sha(&manifest_bytes)));
    rewrite_zip(
        &dir.join("out.zip"),
        &dir.join("later.zip"),
        &[
            ("workbook.hashira", Some(later.as_slice())),
            ("MANIFEST.json", Some(manifest_bytes.as_slice())),
            ("SHA256SUMS", Some(sums.as_bytes())),
        ],
        &[],
    );
    let output = hashira(dir)
        .args(["bundle", "verify", "later.zip", "--json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    let check: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        problems(&check),
        vec![("AUDIT_CHAIN".to_string(), "workbook.hashira".to_string())],
        "{check}"
    );
}

#[test]
fn a_bundle_reads_the_committed_state_while_another_connection_holds_a_write() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path();
    workbook_with_evidence(dir);
    // Another program in the middle of a write (as the app can be): the bundle waits for
    // nothing and holds the committed state, which verifies.
    let other = rusqlite::Connection::open(dir.join("w.hashira")).unwrap();
    other
        .execute_batch("BEGIN IMMEDIATE; UPDATE evidence SET title = 'uncommitted';")
        .unwrap();
    json(dir, &["bundle", "w.hashira", "out.zip"]);
    other.execute_batch("ROLLBACK").unwrap();
    run(
        dir,
        "unzip",
        &["-q", "out.zip", "workbook.hashira", "-d", "x"],
    );
    let sqlite = run(
        &dir.join("x"),
        "sqlite3",
        &[
            "workbook.hashira",
            "SELECT count(*) FROM evidence WHERE title = 'uncommitted';",
        ],
    );
    assert_eq!(String::from_utf8_lossy(&sqlite.stdout), "0\n");
    hashira(dir)
        .args(["bundle", "verify", "out.zip"])
        .assert()
        .success();
}

#[test]
fn an_existing_output_is_kept_unless_forced() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path();
    workbook_with_evidence(dir);
    std::fs::write(dir.join("out.zip"), "old").unwrap();
    json_error(dir, &["bundle", "w.hashira", "out.zip"]);
    assert_eq!(std::fs::read_to_string(dir.join("out.zip")).unwrap(), "old");
    json(dir, &["bundle", "w.hashira", "out.zip", "--force"]);
    hashira(dir)
        .args(["bundle", "verify", "out.zip"])
        .assert()
        .success();
    // Never over the workbook itself.
    json_error(dir, &["bundle", "w.hashira", "w.hashira", "--force"]);
    hashira(dir)
        .args(["verify", "w.hashira"])
        .assert()
        .success();
    let leftovers: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn broken_zips_and_zip_bombs_are_clear_errors() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path();
    std::fs::write(dir.join("garbage.zip"), b"not a zip at all").unwrap();
    let error = json_error(dir, &["bundle", "verify", "garbage.zip"]);
    assert_eq!(error["code"], "BUNDLE_INVALID", "{error}");
    workbook_with_evidence(dir);
    json(dir, &["bundle", "w.hashira", "out.zip"]);
    let whole = std::fs::read(dir.join("out.zip")).unwrap();
    std::fs::write(dir.join("cut.zip"), &whole[..whole.len() / 2]).unwrap();
    let error = json_error(dir, &["bundle", "verify", "cut.zip"]);
    assert_eq!(error["code"], "BUNDLE_INVALID", "{error}");
    // A zip without a manifest.
    let script =
        "import zipfile,sys\nwith zipfile.ZipFile(sys.argv[1],'w') as z: z.writestr('a.txt','a')";
    run(dir, "python3", &["-c", script, "plain.zip"]);
    let error = json_error(dir, &["bundle", "verify", "plain.zip"]);
    assert!(
        error["message"].as_str().unwrap().contains("MANIFEST.json"),
        "{error}"
    );
    // A bomb: an entry listed as 200 MB of zeros, deflated to a few hundred KB; refused unread.
    let script = r#"
import hashlib, json, sys, zipfile
big = bytes(200 * 1024 * 1024)
sha = hashlib.sha256(big).hexdigest()
manifest = json.dumps({"format": "hashira-bundle/1", "workbook_id": "x", "workload_name": "x",
    "audit_chain_head": "", "milestone": None, "app_version": "0", "created_at": "", "lang": "ja",
    "snapshot": "workbook.hashira", "files": [{"path": "big.bin", "size": len(big), "sha256": sha}],
    "evidence": []})
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("big.bin", big)
    z.writestr("MANIFEST.json", manifest)
"#;
    run(dir, "python3", &["-c", script, "bomb.zip"]);
    let output = hashira(dir)
        .args(["bundle", "verify", "bomb.zip", "--json"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let check: Value = serde_json::from_slice(&output.stdout).unwrap();
    let messages = check["problems"].to_string();
    assert!(
        messages.contains("big.bin") && messages.contains("refused unread"),
        "{messages}"
    );
}

#[test]
fn a_bundle_of_a_milestone_holds_the_evidence_it_listed_even_if_since_removed() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path();
    workbook_with_evidence(dir);
    hashira(dir)
        .args(["milestone", "add", "w.hashira", "第1回"])
        .assert()
        .success();
    let items = json(dir, &["evidence", "list", "w.hashira"]);
    let con = items
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["file_name"] == "CON.txt")
        .unwrap()["id"]
        .to_string();
    hashira(dir)
        .args(["evidence", "remove", "w.hashira", &con])
        .assert()
        .success();

    let done = json(
        dir,
        &[
            "bundle",
            "w.hashira",
            "then.zip",
            "--milestone",
            "第1回",
            "--lang",
            "en",
        ],
    );
    assert_eq!(done["milestone"]["name"], "第1回", "{done}");
    assert_eq!(done["evidence_files"], 9);
    run(dir, "unzip", &["-q", "then.zip", "-d", "then"]);
    run(
        &dir.join("then"),
        "sha256sum",
        &["--quiet", "-c", "SHA256SUMS"],
    );
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(dir.join("then/MANIFEST.json")).unwrap()).unwrap();
    assert_eq!(manifest["milestone"]["name"], "第1回");
    assert_eq!(manifest["lang"], "en");
    // The report and the answers export say they are the milestone's, and the report's
    // integrity line is the workbook's own (not that of the copy it was read back into).
    let text = run(
        &dir.join("then"),
        "pdftotext",
        &["-layout", "report.pdf", "-"],
    );
    let text = String::from_utf8_lossy(&text.stdout).replace('\u{c}', "\n");
    assert!(text.contains("As of milestone"), "{text}");
    assert!(text.contains("Integrity check: passed"), "{text}");
    assert!(!text.contains("FAILED"), "{text}");
    let mut answers: calamine::Xlsx<_> =
        calamine::open_workbook(dir.join("then/answers.xlsx")).unwrap();
    let cells: Vec<String> = calamine::Reader::worksheets(&mut answers)
        .into_iter()
        .flat_map(|(_, range)| {
            range
                .rows()
                .flat_map(|row| row.iter().map(|c| c.to_string()).collect::<Vec<_>>())
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        cells.iter().any(|c| c.contains("第1回")),
        "the answers export does not name the milestone"
    );
    let path = entry_of(&manifest, "CON.txt");
    assert_eq!(
        std::fs::read(dir.join("then").join(path)).unwrap(),
        b"device"
    );
    hashira(dir)
        .args(["bundle", "verify", "then.zip"])
        .assert()
        .success();

    let now = json(dir, &["bundle", "w.hashira", "now.zip"]);
    assert_eq!(now["evidence_files"], 8);
    assert!(now["milestone"].is_null());
}
