//! Writing an export into its folder. Every file is complete on disk under its final name or
//! not there at all: each is written under a temporary name, made durable (fsync), then
//! renamed into place, and the folders' entries are made durable last.
//!
//! The fsyncs run on several threads at once: one after another, each of a folder's ~200 files
//! waits for its own journal commit (≈ 2–4 ms each on the project's box under load, most of the
//! export's time); issued together, the file system commits them in a few batches.

use std::io::Write;
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use super::{WaResult, WaToolError, WaToolExport};
use crate::error::Error;

/// Threads issuing fsyncs at once (they wait on the disk, not the CPU).
const SYNC_THREADS: usize = 16;

fn io_error(action: &'static str, path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// Writes the export into `out_dir`, which must not exist or be empty (nothing is overwritten).
pub fn write_export(export: &WaToolExport, out_dir: &Path) -> WaResult<()> {
    let out_error = |reason: String| WaToolError::OutDir {
        path: out_dir.to_path_buf(),
        reason,
    };
    if out_dir.exists() {
        let mut entries = std::fs::read_dir(out_dir).map_err(|e| out_error(e.to_string()))?;
        if entries.next().is_some() {
            return Err(out_error("the folder is not empty".to_string()));
        }
    }
    let answers = out_dir.join("answers");
    std::fs::create_dir_all(&answers).map_err(|e| io_error("cannot write", out_dir, e))?;
    let mut staged: Vec<(NamedTempFile, PathBuf)> = Vec::with_capacity(export.files.len());
    for (relative, text) in &export.files {
        let path = out_dir.join(relative);
        let directory = path.parent().unwrap_or(out_dir);
        let mut file = NamedTempFile::new_in(directory)
            .and_then(|mut file| file.write_all(text.as_bytes()).map(|()| file))
            .map_err(|e| io_error("cannot write", &path, e))?;
        #[cfg(unix)]
        if relative == Path::new("push.sh") {
            use std::os::unix::fs::PermissionsExt;
            file.as_file_mut()
                .set_permissions(std::fs::Permissions::from_mode(0o755))
                .map_err(|e| io_error("cannot write", &path, e))?;
        }
        staged.push((file, path));
    }
    sync_all(&staged, out_dir)?;
    for (file, path) in staged {
        file.persist_noclobber(&path)
            .map_err(|e| io_error("cannot write", &path, e.error))?;
    }
    for directory in [answers.as_path(), out_dir] {
        sync_directory(directory)?;
    }
    Ok(())
}

/// fsync of every staged file, on up to [`SYNC_THREADS`] threads.
fn sync_all(staged: &[(NamedTempFile, PathBuf)], out_dir: &Path) -> WaResult<()> {
    let chunk = staged.len().div_ceil(SYNC_THREADS).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = staged
            .chunks(chunk)
            .map(|files| {
                scope.spawn(move || {
                    files.iter().try_for_each(|(file, path)| {
                        file.as_file()
                            .sync_all()
                            .map_err(|e| io_error("cannot write", path, e))
                    })
                })
            })
            .collect();
        for worker in workers {
            match worker.join() {
                Ok(result) => result?,
                Err(_) => {
                    return Err(io_error(
                        "cannot write",
                        out_dir,
                        std::io::Error::other("a thread writing the export stopped"),
                    )
                    .into());
                }
            }
        }
        Ok(())
    })
}

/// Makes the folder's entries (the renames) durable. Only Unix can open a folder to sync it.
fn sync_directory(directory: &Path) -> WaResult<()> {
    #[cfg(unix)]
    std::fs::File::open(directory)
        .and_then(|folder| folder.sync_all())
        .map_err(|e| io_error("cannot write", directory, e))?;
    #[cfg(not(unix))]
    let _ = directory;
    Ok(())
}
