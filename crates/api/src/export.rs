//! Saving an exported timeline. The UI renders the SVG or PNG; this only
//! writes it where the user chose in the save dialog, and only as an image.

use crate::dto::AppError;
use std::path::Path;

/// Anything bigger is not a timeline.
const MAX_BYTES: usize = 64 * 1024 * 1024;

pub fn write_export(path: &Path, bytes: &[u8]) -> Result<(), AppError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    if !matches!(ext.as_deref(), Some("svg") | Some("png")) {
        return Err(AppError::new(
            "invalid",
            format!("{}: exports are .svg or .png files", path.display()),
        ));
    }
    if bytes.len() > MAX_BYTES {
        return Err(AppError::new("invalid", "the export is too large"));
    }
    std::fs::write(path, bytes)
        .map_err(|e| AppError::new("io", format!("cannot write {}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_images_only() {
        let dir = tempfile::tempdir().unwrap();
        write_export(&dir.path().join("t.svg"), b"<svg/>").unwrap();
        assert_eq!(std::fs::read(dir.path().join("t.svg")).unwrap(), b"<svg/>");
        let err = write_export(&dir.path().join("t.sh"), b"rm -rf /").unwrap_err();
        assert_eq!(err.code, "invalid");
        assert!(!dir.path().join("t.sh").exists());
    }
}
