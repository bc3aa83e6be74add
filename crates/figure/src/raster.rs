//! SVG → pixels with resvg, in the embedded font only.

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg::{fontdb, Options, Tree};
use std::sync::Arc;

/// The one family a figure's text can be set in; the UI's exported SVG names it.
pub const FONT_FAMILY: &str = "DejaVu Sans";
const REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

/// A frame's pixels, row by row, each `0xRRGGBB`: opaque, so a GIF palette
/// and an RGB PNG hold them exactly, and equal colours compare as integers.
pub type Pixels = Vec<u32>;

pub struct Rasteriser {
    options: Options<'static>,
}

impl Default for Rasteriser {
    fn default() -> Self {
        Self::new()
    }
}

impl Rasteriser {
    pub fn new() -> Self {
        // No system fonts, no font files read at run time: the same glyphs everywhere.
        let mut db = fontdb::Database::new();
        db.load_font_data(REGULAR.to_vec());
        db.load_font_data(BOLD.to_vec());
        // Generic families ("sans-serif", the fallback after the named one) resolve to it too.
        db.set_sans_serif_family(FONT_FAMILY);
        db.set_serif_family(FONT_FAMILY);
        db.set_monospace_family(FONT_FAMILY);
        let options = Options {
            font_family: FONT_FAMILY.to_string(),
            fontdb: Arc::new(db),
            // A frame must stand alone: nothing is fetched from disk or the network.
            resources_dir: None,
            ..Options::default()
        };
        Rasteriser { options }
    }

    /// The families the rasteriser can see (for tests: exactly the embedded one).
    pub fn families(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .options
            .fontdb
            .faces()
            .flat_map(|f| f.families.iter().map(|(name, _)| name.clone()))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Draws `svg` scaled to fit `width` × `height`, centred, over white (a
    /// frame paints its own background; white only shows where it does not).
    pub fn draw(&self, svg: &str, width: u32, height: u32) -> Result<Pixels, String> {
        let tree = Tree::from_str(svg, &self.options).map_err(|e| e.to_string())?;
        let size = tree.size();
        let (sw, sh) = (size.width(), size.height());
        if !(sw > 0.0 && sh > 0.0) {
            return Err("it has no size".into());
        }
        let mut pixmap = Pixmap::new(width, height).ok_or("the size is not drawable")?;
        let scale = (width as f32 / sw).min(height as f32 / sh);
        let dx = (width as f32 - sw * scale) / 2.0;
        let dy = (height as f32 - sh * scale) / 2.0;
        resvg::render(
            &tree,
            Transform::from_row(scale, 0.0, 0.0, scale, dx, dy),
            &mut pixmap.as_mut(),
        );
        // Premultiplied RGBA over white: c + (255 - a).
        Ok(pixmap
            .data()
            .chunks_exact(4)
            .map(|p| {
                let under = 255 - p[3];
                let c = |v: u8| u32::from(v.saturating_add(under));
                (c(p[0]) << 16) | (c(p[1]) << 8) | c(p[2])
            })
            .collect())
    }
}
