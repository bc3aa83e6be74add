//! Files the app keeps between launches (the recent folders, the challenges
//! won). Each is written whole to a temporary file beside it and renamed over
//! it, so a crash or a full disk leaves the old contents or the new, never
//! half of either.

use crate::dto::AppError;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Anything longer is not progress through 20-odd challenges.
pub const MAX_PROGRESS_BYTES: usize = 64 * 1024;

/// Writes `bytes` to `path` whole, creating its folder.
pub fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .ok_or_else(|| std::io::Error::other("a state file needs a folder"))?;
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The challenges won, as the UI's own text: `model/challenge-progress.ts`
/// reads and writes it (and treats anything it cannot read as nothing won);
/// this side only keeps it, bounded. Without a file (no data dir), nothing is kept.
pub struct ChallengeProgress {
    file: Option<PathBuf>,
}

impl ChallengeProgress {
    pub fn new(file: Option<PathBuf>) -> Self {
        ChallengeProgress { file }
    }

    /// The text last written, or None when nothing was.
    pub fn read(&self) -> Result<Option<String>, AppError> {
        let Some(file) = &self.file else {
            return Ok(None);
        };
        let bytes = match std::fs::read(file) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io_error(file, "read", e)),
        };
        if bytes.len() > MAX_PROGRESS_BYTES {
            return Err(too_long(file));
        }
        String::from_utf8(bytes).map(Some).map_err(|_| {
            AppError::new(
                "invalid",
                format!("{}: challenge progress is not text", file.display()),
            )
        })
    }

    pub fn write(&self, text: &str) -> Result<(), AppError> {
        let Some(file) = &self.file else {
            return Ok(());
        };
        if text.len() > MAX_PROGRESS_BYTES {
            return Err(too_long(file));
        }
        write_whole(file, text.as_bytes()).map_err(|e| io_error(file, "write", e))
    }
}

fn too_long(file: &Path) -> AppError {
    AppError::new(
        "invalid",
        format!(
            "{}: challenge progress is longer than {} KiB",
            file.display(),
            MAX_PROGRESS_BYTES / 1024
        ),
    )
}

fn io_error(file: &Path, verb: &str, e: std::io::Error) -> AppError {
    AppError::new("io", format!("cannot {verb} {}: {e}", file.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_reads_back_what_was_written_and_nothing_before() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("nested").join("challenges.json");
        let p = ChallengeProgress::new(Some(file.clone()));
        assert_eq!(p.read().unwrap(), None);
        p.write(r#"["lost-update-vanish"]"#).unwrap();
        assert_eq!(
            p.read().unwrap().as_deref(),
            Some(r#"["lost-update-vanish"]"#)
        );
        p.write("[]").unwrap();
        assert_eq!(p.read().unwrap().as_deref(), Some("[]"));
        // Written whole: no temporary file is left beside it.
        let names: Vec<_> = std::fs::read_dir(file.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["challenges.json"]);
    }

    #[test]
    fn progress_refuses_what_is_too_long_or_not_text_and_keeps_the_old() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("challenges.json");
        let p = ChallengeProgress::new(Some(file.clone()));
        p.write(r#"["a"]"#).unwrap();
        let long = "x".repeat(MAX_PROGRESS_BYTES + 1);
        assert_eq!(p.write(&long).unwrap_err().code, "invalid");
        assert_eq!(p.read().unwrap().as_deref(), Some(r#"["a"]"#));
        std::fs::write(&file, [0xff, 0xfe, 0x00]).unwrap();
        assert_eq!(p.read().unwrap_err().code, "invalid");
        std::fs::write(&file, long).unwrap();
        assert_eq!(p.read().unwrap_err().code, "invalid");
    }

    #[test]
    fn without_a_file_nothing_is_kept_and_nothing_fails() {
        let p = ChallengeProgress::new(None);
        p.write("[]").unwrap();
        assert_eq!(p.read().unwrap(), None);
    }
}
