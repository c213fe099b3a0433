//! The evidence bundle for hand-over (`hashira-bundle`, as `hashira bundle` writes it): built off
//! the main thread with its progress sent to the window as events, checked on request, and its
//! folder shown on request.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use hashira_bundle::{BundleOptions, BundleProgress, build_bundle, verify_bundle};
use hashira_core::Lang;
use tauri::{AppHandle, Emitter, EventTarget, State, WebviewWindow};
use tauri_plugin_opener::OpenerExt;

use super::{clock, io_error, not_the_workbook, written_by_this_app};
use crate::dto::{BUNDLE_PROGRESS_EVENT, BundleChecked, BundleCreated, BundleProgressEvent};
use crate::{AppState, CmdResult, lock, no_workbook, off_main_payload};

/// Progress goes to the page at most this often (the crate reports every entry and every
/// 16 MiB; thousands of small evidence files would flood the webview).
const PROGRESS_EVERY: Duration = Duration::from_millis(200);

/// Passes progress on at most every [`PROGRESS_EVERY`]; the first report and the final one
/// (every entry written) always.
struct Throttled<F> {
    last: Option<Instant>,
    send: F,
}

impl<F: FnMut(BundleProgressEvent)> Throttled<F> {
    fn offer(&mut self, progress: &BundleProgress) {
        let complete = progress.files_done == progress.files_total;
        if complete || self.last.is_none_or(|at| at.elapsed() >= PROGRESS_EVERY) {
            self.last = Some(Instant::now());
            (self.send)(progress.into());
        }
    }
}

/// Writes the bundle of the workbook file `source` to `out`, handing throttled progress to
/// `send`. An existing `out` is replaced only with `overwrite` (as `hashira bundle --force`).
fn write_bundle(
    source: &Path,
    out: &Path,
    lang: Lang,
    milestone: Option<String>,
    overwrite: bool,
    send: impl FnMut(BundleProgressEvent),
) -> CmdResult<BundleCreated> {
    let options = BundleOptions {
        lang,
        milestone: milestone.filter(|m| !m.trim().is_empty()),
        overwrite,
        clock: clock(),
    };
    let mut throttled = Throttled { last: None, send };
    let done = build_bundle(source, out, &options, &mut |p| throttled.offer(p))
        .map_err(|e| e.payload())?;
    Ok(done.into())
}

/// Writes the bundle for hand-over of the window's workbook to `path`; progress arrives as
/// `BUNDLE_PROGRESS_EVENT` events to this window only. `milestone` (a name or number): report,
/// answers and evidence as it holds them. An existing file is refused unless `overwrite`.
#[tauri::command]
pub async fn create_bundle(
    window: WebviewWindow,
    state: State<'_, AppState>,
    path: String,
    lang: Lang,
    milestone: Option<String>,
    overwrite: bool,
) -> CmdResult<BundleCreated> {
    let books = state.books.clone();
    let outputs = state.outputs.clone();
    off_main_payload(move || {
        let out = PathBuf::from(&path);
        let key = window.label().to_string();
        let source = {
            let books = lock(&books);
            let book = books.get(&key).ok_or_else(no_workbook)?;
            not_the_workbook(book, &out)?;
            book.path().to_path_buf()
        };
        // The bundle takes its own consistent snapshot of the file, so the window's workbook is
        // not held meanwhile.
        let target = EventTarget::webview_window(key);
        let done = write_bundle(&source, &out, lang, milestone, overwrite, |event| {
            // A lost progress event costs only the bar; the bundle itself goes on.
            let _ = window.emit_to(target.clone(), BUNDLE_PROGRESS_EVENT, event);
        })?;
        lock(&outputs).insert(out);
        Ok(done)
    })
    .await
}

/// Checks a bundle as `hashira bundle verify` does: every file against `MANIFEST.json` and
/// `SHA256SUMS`, and the snapshot's audit chain against the recorded head.
#[tauri::command]
pub async fn check_bundle(path: String) -> CmdResult<BundleChecked> {
    off_main_payload(move || {
        verify_bundle(Path::new(&path), clock())
            .map(Into::into)
            .map_err(|e| e.payload())
    })
    .await
}

/// Shows a file this app wrote (a bundle, a report) in the system's file manager, only on the
/// user's request.
#[tauri::command]
pub async fn show_output_in_folder(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
) -> CmdResult<()> {
    let out = PathBuf::from(&path);
    written_by_this_app(&state, &out, "cannot show")?;
    off_main_payload(move || {
        app.opener()
            .reveal_item_in_dir(&out)
            .map_err(|e| io_error("cannot show", &out, e).payload())
    })
    .await
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::io::Read;

    use hashira_core::Lang;
    use hashira_core::workbook::NewEvidence;

    use super::{BundleProgressEvent, write_bundle};
    use crate::commands::test_book;

    /// A workbook with an evidence file of each of `sizes` bytes on SEC 1.
    fn workbook_with_evidence(dir: &tempfile::TempDir, sizes: &[usize]) -> std::path::PathBuf {
        let mut book = test_book(dir);
        for (i, size) in sizes.iter().enumerate() {
            let file = dir.path().join(format!("evidence-{i}.bin"));
            std::fs::write(&file, vec![b'a' + i as u8; *size]).unwrap();
            let evidence = NewEvidence::File {
                path: file,
                title: format!("evidence {i}"),
            };
            book.add_evidence("SEC1", None, evidence, "tester").unwrap();
        }
        let path = book.path().to_path_buf();
        book.close().unwrap();
        path
    }

    #[test]
    fn progress_ends_with_every_file_and_byte_done_and_the_bundle_verifies() {
        let dir = tempfile::tempdir().unwrap();
        let source = workbook_with_evidence(&dir, &[3 * 1024 * 1024, 10]);
        let out = dir.path().join("hand-over.zip");
        let mut events: Vec<BundleProgressEvent> = Vec::new();
        let done = write_bundle(&source, &out, Lang::En, None, false, |e| events.push(e)).unwrap();

        assert_eq!(done.evidence_files, 2);
        assert_eq!(
            done.files,
            2 + 5,
            "report, answers, 2 evidence, snapshot, manifest, sums"
        );
        let last = events.last().unwrap();
        assert_eq!(
            (last.files_done, last.files_total),
            (done.files, done.files)
        );
        assert_eq!(last.done_bytes, last.total_bytes);
        let snapshot = std::fs::metadata(&source).unwrap().len();
        assert!(last.total_bytes > 3 * 1024 * 1024, "{last:?}");
        assert!(
            last.total_bytes < 3 * 1024 * 1024 + 10 + 4 * snapshot,
            "{last:?}"
        );
        // Never backwards, never past the total.
        for pair in events.windows(2) {
            assert!(pair[0].done_bytes <= pair[1].done_bytes, "{events:?}");
            assert!(pair[0].files_done <= pair[1].files_done, "{events:?}");
        }
        assert!(
            events
                .iter()
                .all(|e| e.done_bytes <= e.total_bytes && e.files_done <= e.files_total)
        );

        let check = super::verify_bundle(&out, super::clock()).unwrap();
        assert!(check.ok, "{:?}", check.problems);
        let mut zip = zip_entries(&out);
        zip.sort();
        assert!(zip.iter().any(|n| n.starts_with("evidence/")), "{zip:?}");
        assert_eq!(zip.len(), done.files);
    }

    #[test]
    fn progress_is_thinned_to_a_few_events_a_second_keeping_the_first_and_the_last() {
        let mut sent = Vec::new();
        let mut throttled = super::Throttled {
            last: None,
            send: |e: BundleProgressEvent| sent.push(e),
        };
        let reports = 10_000;
        for i in 0..=reports {
            throttled.offer(&hashira_bundle::BundleProgress {
                done_bytes: i,
                total_bytes: reports,
                files_done: usize::from(i == reports),
                files_total: 1,
                current: format!("evidence/{i}"),
            });
        }
        // 10,001 reports in a few milliseconds: the first, the complete one, and only what a
        // stall of 200 ms each would let through besides.
        assert!(sent.len() >= 2 && sent.len() < 20, "{} events", sent.len());
        assert_eq!(sent[0].current, "evidence/0");
        let last = sent.last().unwrap();
        assert_eq!((last.files_done, last.done_bytes), (1, reports));
    }

    #[test]
    fn an_existing_output_is_refused_unchanged_unless_overwrite_is_asked() {
        let dir = tempfile::tempdir().unwrap();
        let source = workbook_with_evidence(&dir, &[5]);
        let out = dir.path().join("hand-over.zip");
        std::fs::write(&out, "someone's file").unwrap();
        let refused = write_bundle(&source, &out, Lang::Ja, None, false, |_| {}).unwrap_err();
        assert_eq!(refused.code.as_str(), "IO");
        assert_eq!(refused.details["kind"], "AlreadyExists");
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "someone's file");

        let done = write_bundle(&source, &out, Lang::Ja, None, true, |_| {}).unwrap();
        assert_eq!(done.evidence_files, 1);
        assert!(super::verify_bundle(&out, super::clock()).unwrap().ok);
    }

    #[test]
    fn the_workbook_itself_is_never_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let source = workbook_with_evidence(&dir, &[5]);
        let before = std::fs::read(&source).unwrap();
        let refused = write_bundle(&source, &source, Lang::Ja, None, true, |_| {}).unwrap_err();
        assert_eq!(refused.details["path"], source.display().to_string());
        assert_eq!(std::fs::read(&source).unwrap(), before);
    }

    #[test]
    fn a_changed_file_inside_is_named_by_the_check() {
        let dir = tempfile::tempdir().unwrap();
        let source = workbook_with_evidence(&dir, &[5]);
        let out = dir.path().join("hand-over.zip");
        write_bundle(&source, &out, Lang::Ja, None, false, |_| {}).unwrap();
        // The same bytes, one evidence byte changed (a STORED entry: its bytes sit in the zip).
        let mut bytes = std::fs::read(&out).unwrap();
        let at = bytes.windows(5).position(|w| w == b"aaaaa").unwrap();
        bytes[at] = b'b';
        std::fs::write(&out, bytes).unwrap();
        let checked: crate::dto::BundleChecked = super::verify_bundle(&out, super::clock())
            .map(Into::into)
            .unwrap();
        assert!(!checked.ok);
        let changed: Vec<_> = checked
            .problems
            .iter()
            .map(|p| (p.kind, p.path.as_str()))
            .collect();
        assert!(
            changed
                .iter()
                .any(|(k, p)| *k == crate::dto::BundleProblemCode::Changed
                    && p.starts_with("evidence/")),
            "{changed:?}"
        );
    }

    fn zip_entries(path: &std::path::Path) -> Vec<String> {
        // The zip's central directory, read with the system's unzip (the real tool).
        let listed = std::process::Command::new("unzip")
            .arg("-Z1")
            .arg(path)
            .output()
            .unwrap();
        assert!(listed.status.success());
        let mut text = String::new();
        listed.stdout.as_slice().read_to_string(&mut text).unwrap();
        text.lines().map(str::to_string).collect()
    }
}
