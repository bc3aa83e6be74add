//! Saving an exported timeline or figure where the user chose in the save
//! dialog, and only as an image. The UI draws every picture as SVG; an SVG is
//! written as it is, and a PNG, GIF or APNG is made from the UI's frames by
//! interleave-figure.

use crate::dto::{AppError, FigureFormat, FigureRequest, FigureWritten, Progress};
use interleave_figure::{Figure, FigureError, Format, Frame};
use std::path::Path;
use std::sync::atomic::AtomicBool;

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

impl From<FigureError> for AppError {
    fn from(e: FigureError) -> Self {
        AppError::new(e.code(), e.to_string())
    }
}

/// The file names each format may be saved under.
fn extensions(format: FigureFormat) -> &'static [&'static str] {
    match format {
        FigureFormat::Gif => &["gif"],
        FigureFormat::Apng => &["apng", "png"],
        FigureFormat::Png => &["png"],
    }
}

/// Rasterises and encodes the UI's frames (see interleave-figure), then
/// writes the file. `progress` hears of each frame drawn; `cancel` stops
/// between frames, and then nothing is written.
pub fn write_figure(
    path: &Path,
    request: FigureRequest,
    progress: &dyn Fn(Progress),
    cancel: &AtomicBool,
) -> Result<FigureWritten, AppError> {
    let FigureRequest {
        format,
        width,
        height,
        frames,
    } = request;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    let allowed = extensions(format);
    if !ext.as_deref().is_some_and(|e| allowed.contains(&e)) {
        return Err(AppError::new(
            "invalid",
            format!(
                "{}: this export is a .{} file",
                path.display(),
                allowed.join(" or .")
            ),
        ));
    }
    let figure = Figure {
        format: match format {
            FigureFormat::Gif => Format::Gif,
            FigureFormat::Apng => Format::Apng,
            FigureFormat::Png => Format::Png,
        },
        width,
        height,
        frames: frames
            .into_iter()
            .map(|f| Frame {
                svg: f.svg,
                hold_ms: f.hold_ms,
            })
            .collect(),
    };
    let report = |p: interleave_figure::Progress| {
        progress(Progress {
            done: u64::from(p.done),
            total: u64::from(p.total),
            covered: None,
        })
    };
    let bytes = interleave_figure::encode(&figure, &report, cancel)?;
    std::fs::write(path, &bytes)
        .map_err(|e| AppError::new("io", format!("cannot write {}: {e}", path.display())))?;
    Ok(FigureWritten {
        path: path.display().to_string(),
        bytes: bytes.len() as u64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dto::FigureFrame;

    fn request(format: FigureFormat, fills: &[&str]) -> FigureRequest {
        FigureRequest {
            format,
            width: 32,
            height: 18,
            frames: fills
                .iter()
                .map(|fill| FigureFrame {
                    svg: format!(
                        r#"<svg xmlns="http://www.w3.org/2000/svg" width="16" height="9"><rect width="16" height="9" fill="{fill}"/></svg>"#
                    ),
                    hold_ms: 100,
                })
                .collect(),
        }
    }

    fn write(path: &Path, r: FigureRequest) -> Result<FigureWritten, AppError> {
        write_figure(path, r, &|_| (), &AtomicBool::new(false))
    }

    #[test]
    fn writes_a_figure_and_says_how_big_it_is() {
        let dir = tempfile::tempdir().unwrap();
        for (format, name, magic) in [
            (FigureFormat::Gif, "a.gif", &b"GIF89a"[..]),
            (FigureFormat::Apng, "a.apng", &b"\x89PNG"[..]),
            (FigureFormat::Apng, "a.png", &b"\x89PNG"[..]),
        ] {
            let path = dir.path().join(name);
            let done = write(&path, request(format, &["#fff", "#d55e00"])).unwrap();
            let bytes = std::fs::read(&path).unwrap();
            assert_eq!(done.bytes, bytes.len() as u64);
            assert!(bytes.starts_with(magic), "{name}");
        }
        let still = dir.path().join("s.png");
        write(&still, request(FigureFormat::Png, &["#fff"])).unwrap();
        assert!(still.exists());
    }

    #[test]
    fn bad_figures_are_typed_errors_and_write_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let gif = dir.path().join("a.gif");
        let err = write(
            &dir.path().join("a.png"),
            request(FigureFormat::Gif, &["#fff"]),
        )
        .unwrap_err();
        assert_eq!(err.code, "invalid");
        assert!(err.message.contains(".gif"), "{}", err.message);
        let mut broken = request(FigureFormat::Gif, &["#fff", "#000"]);
        broken.frames[1].svg = "<svg".into();
        let err = write(&gif, broken).unwrap_err();
        assert_eq!(err.code, "invalid");
        assert!(err.message.starts_with("frame 1:"), "{}", err.message);
        assert!(!gif.exists());
        let err = write_figure(
            &gif,
            request(FigureFormat::Gif, &["#fff"]),
            &|_| (),
            &AtomicBool::new(true),
        )
        .unwrap_err();
        assert_eq!(err.code, "cancelled");
        assert!(!gif.exists());
        let nowhere = dir.path().join("missing-folder").join("a.gif");
        assert_eq!(
            write(&nowhere, request(FigureFormat::Gif, &["#fff"]))
                .unwrap_err()
                .code,
            "io"
        );
    }

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
