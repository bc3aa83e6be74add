//! The lost-update run under `none`, as the UI draws it (the SVG frames in
//! tests/frames are written by ui/src/render/figure.test.ts, which fails when
//! they drift from the UI), encoded as GIF and APNG and decoded again.

use interleave_figure::raster::{Pixels, Rasteriser, FONT_FAMILY};
use interleave_figure::{encode, Figure, FigureError, Format, Frame, Progress};
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::Mutex;

const SLIDE: &str = "lost-update-none-slide-light";
const TIMELINE: &str = "lost-update-none-timeline-dark";

struct Fixture {
    steps: usize,
    frames: Vec<Frame>,
}

/// frames.json: {"steps": N, "frames": [{"file", "hold_ms"}]}, read without a JSON crate.
fn fixture(name: &str) -> Fixture {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/frames")
        .join(name);
    let manifest = std::fs::read_to_string(dir.join("frames.json")).unwrap();
    let number_after = |text: &str, key: &str| -> u32 {
        let at = text.find(key).unwrap() + key.len();
        let digits: String = text[at..]
            .chars()
            .skip_while(|c| !c.is_ascii_digit())
            .take_while(|c| c.is_ascii_digit())
            .collect();
        digits.parse().unwrap()
    };
    let steps = number_after(&manifest, "\"steps\"") as usize;
    let frames = manifest
        .split("\"file\"")
        .skip(1)
        .map(|entry| {
            let file = entry.split('"').nth(1).unwrap();
            Frame {
                svg: std::fs::read_to_string(dir.join(file)).unwrap(),
                hold_ms: number_after(entry, "\"hold_ms\""),
            }
        })
        .collect();
    Fixture { steps, frames }
}

fn figure(format: Format, (width, height): (u32, u32), frames: &[Frame]) -> Figure {
    Figure {
        format,
        width,
        height,
        frames: frames.to_vec(),
    }
}

fn make(f: &Figure) -> Vec<u8> {
    encode(f, &|_| (), &AtomicBool::new(false)).unwrap()
}

fn rasterised(frames: &[Frame], (w, h): (u32, u32)) -> Vec<Pixels> {
    let r = Rasteriser::new();
    frames
        .iter()
        .map(|f| r.draw(&f.svg, w, h).unwrap())
        .collect()
}

/// Every frame of a GIF as whole RGB pictures, sub-rectangles and transparency applied.
fn decode_gif(bytes: &[u8]) -> (u32, u32, Vec<u32>, Vec<Pixels>, Vec<u16>) {
    let mut opts = gif::DecodeOptions::new();
    opts.set_color_output(gif::ColorOutput::Indexed);
    let mut d = opts.read_info(bytes).unwrap();
    let (w, h) = (u32::from(d.width()), u32::from(d.height()));
    let table = d.global_palette().unwrap().to_vec();
    let palette: Vec<u32> = table
        .chunks_exact(3)
        .map(|c| (u32::from(c[0]) << 16) | (u32::from(c[1]) << 8) | u32::from(c[2]))
        .collect();
    let mut screen = vec![0u32; (w * h) as usize];
    let (mut out, mut delays) = (Vec::new(), Vec::new());
    while let Some(f) = d.read_next_frame().unwrap() {
        assert_eq!(f.dispose, gif::DisposalMethod::Keep);
        for y in 0..u32::from(f.height) {
            for x in 0..u32::from(f.width) {
                let i = f.buffer[(y * u32::from(f.width) + x) as usize];
                if Some(i) != f.transparent {
                    let at = (u32::from(f.top) + y) * w + u32::from(f.left) + x;
                    screen[at as usize] = palette[i as usize];
                }
            }
        }
        out.push(screen.clone());
        delays.push(f.delay);
    }
    (w, h, palette, out, delays)
}

/// Every frame of an APNG as whole RGB pictures, fcTL regions applied over the last.
fn decode_apng(bytes: &[u8]) -> (u32, u32, u32, Vec<Pixels>) {
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .unwrap();
    let info = reader.info();
    let (w, h) = (info.width, info.height);
    let declared = info.animation_control().unwrap().num_frames;
    assert_eq!(info.color_type, png::ColorType::Rgb);
    let mut screen = vec![0u32; (w * h) as usize];
    let mut out = Vec::new();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    while let Ok(frame) = reader.next_frame(&mut buf) {
        let fc = reader.info().frame_control().copied().unwrap();
        assert_eq!((frame.width, frame.height), (fc.width, fc.height));
        for y in 0..fc.height {
            for x in 0..fc.width {
                let p = ((y * fc.width + x) * 3) as usize;
                let c = (u32::from(buf[p]) << 16)
                    | (u32::from(buf[p + 1]) << 8)
                    | u32::from(buf[p + 2]);
                screen[((fc.y_offset + y) * w + fc.x_offset + x) as usize] = c;
            }
        }
        out.push(screen.clone());
    }
    (w, h, declared, out)
}

#[test]
fn the_lost_update_gif_has_a_frame_per_step_plus_the_final_hold_and_an_exact_palette_of_its_colours(
) {
    let fx = fixture(SLIDE);
    assert_eq!(fx.frames.len(), fx.steps + 1, "steps plus the final hold");
    let size = (1280, 720);
    let bytes = make(&figure(Format::Gif, size, &fx.frames));
    eprintln!(
        "lost-update none, slide, 1280x720 GIF: {} bytes, {} frames",
        bytes.len(),
        fx.frames.len()
    );
    assert!(bytes.len() < 600 * 1024, "{} bytes", bytes.len());
    let (w, h, palette, frames, delays) = decode_gif(&bytes);
    assert_eq!((w, h), size);
    assert_eq!(frames.len(), fx.steps + 1);
    let holds: Vec<u16> = fx.frames.iter().map(|f| (f.hold_ms / 10) as u16).collect();
    assert_eq!(delays, holds);
    // The step changes at every frame (the playhead moves; the last has none): each differs from the one before.
    for i in 1..frames.len() {
        assert_ne!(
            frames[i - 1],
            frames[i],
            "frames {} and {i} are the same",
            i - 1
        );
    }
    // The palette: at most 256 entries, and the figure's flat colours are in it exactly.
    assert!(palette.len() <= 256);
    for colour in [0xffffff, 0x1f2328, 0xd55e00, 0x0072b2, 0x5c6370] {
        assert!(
            palette.contains(&colour),
            "#{colour:06x} is not in the palette"
        );
    }
    // What the GIF shows is what resvg drew, but for rare anti-aliasing shades.
    let drawn = rasterised(&fx.frames, size);
    for (i, (g, d)) in frames.iter().zip(&drawn).enumerate() {
        let same = g.iter().zip(d).filter(|(a, b)| a == b).count();
        assert!(
            same as f64 >= 0.995 * g.len() as f64,
            "frame {i}: {same} of {} pixels exact",
            g.len()
        );
    }
}

#[test]
fn a_figure_of_few_flat_colours_is_a_lossless_gif() {
    // Pixel-aligned, unantialiased shapes: five colours, so the palette is exact.
    let svg = |x: u32| {
        format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="64" height="36" shape-rendering="crispEdges"><rect width="64" height="36" fill="#f6f6f3"/><rect x="{x}" y="4" width="12" height="10" fill="#d55e00"/><rect x="4" y="20" width="20" height="8" fill="#0072b2"/><rect x="40" y="20" width="8" height="8" fill="#009e73"/><rect x="0" y="34" width="64" height="2" fill="#1f2328"/></svg>"##
        )
    };
    let frames: Vec<Frame> = [4, 20, 36]
        .iter()
        .map(|&x| Frame {
            svg: svg(x),
            hold_ms: 500,
        })
        .collect();
    let (_, _, palette, decoded, _) = decode_gif(&make(&figure(Format::Gif, (64, 36), &frames)));
    assert_eq!(decoded, rasterised(&frames, (64, 36)));
    let mut used: Vec<u32> = decoded.concat();
    used.sort();
    used.dedup();
    assert_eq!(used, vec![0x0072b2, 0x009e73, 0x1f2328, 0xd55e00, 0xf6f6f3]);
    // Five colours and the one entry that marks unchanged pixels.
    assert_eq!(palette.len(), 8, "padded to a power of two: {palette:x?}");
}

#[test]
fn the_lost_update_apng_is_lossless_at_both_sizes() {
    for (name, size) in [(SLIDE, (1280, 720)), (TIMELINE, (1920, 1080))] {
        let fx = fixture(name);
        let bytes = make(&figure(Format::Apng, size, &fx.frames));
        eprintln!(
            "lost-update none, {name}, {}x{} APNG: {} bytes",
            size.0,
            size.1,
            bytes.len()
        );
        let (w, h, declared, frames) = decode_apng(&bytes);
        assert_eq!((w, h), size);
        assert_eq!(declared as usize, fx.steps + 1);
        assert_eq!(frames.len(), fx.steps + 1);
        assert_eq!(
            frames,
            rasterised(&fx.frames, size),
            "{name}: the APNG is what resvg drew"
        );
        for i in 1..frames.len() {
            assert_ne!(frames[i - 1], frames[i], "{name}: frames {} and {i}", i - 1);
        }
    }
}

#[test]
fn the_same_frames_give_the_same_bytes_and_progress_counts_every_frame() {
    let fx = fixture(TIMELINE);
    let f = figure(Format::Gif, (1280, 720), &fx.frames);
    let seen = Mutex::new(Vec::new());
    let a = encode(
        &f,
        &|p| seen.lock().unwrap().push(p),
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(a, make(&f));
    let n = fx.frames.len() as u32;
    let want: Vec<Progress> = (1..=n).map(|done| Progress { done, total: n }).collect();
    assert_eq!(*seen.lock().unwrap(), want);
}

#[test]
fn the_only_font_is_the_embedded_one_and_the_frames_name_it() {
    assert_eq!(Rasteriser::new().families(), vec![FONT_FAMILY.to_string()]);
    for f in fixture(SLIDE).frames {
        assert!(f
            .svg
            .contains(&format!("font-family:&quot;{FONT_FAMILY}&quot;")));
    }
}

#[test]
fn a_still_png_is_one_frame_at_the_size_asked() {
    let fx = fixture(SLIDE);
    let last = fx.frames.last().unwrap().clone();
    let bytes = make(&figure(Format::Png, (1920, 1080), &[last]));
    let reader = png::Decoder::new(std::io::Cursor::new(&bytes))
        .read_info()
        .unwrap();
    assert_eq!((reader.info().width, reader.info().height), (1920, 1080));
    assert!(reader.info().animation_control().is_none());
}

#[test]
fn bad_input_is_a_typed_error_never_a_panic() {
    let ok = fixture(TIMELINE).frames;
    let run = |f: Figure| encode(&f, &|_| (), &AtomicBool::new(false)).unwrap_err();
    let mut broken = ok.clone();
    broken[2].svg = "<svg xmlns='http://www.w3.org/2000/svg'><rect".into();
    assert!(matches!(
        run(figure(Format::Gif, (1280, 720), &broken)),
        FigureError::BadSvg { frame: 2, .. }
    ));
    broken[2].svg = "not svg at all".into();
    assert!(matches!(
        run(figure(Format::Apng, (1280, 720), &broken)),
        FigureError::BadSvg { frame: 2, .. }
    ));
    assert_eq!(
        run(figure(Format::Gif, (1280, 720), &[])),
        FigureError::NoFrames
    );
    assert!(matches!(
        run(figure(Format::Gif, (0, 720), &ok)),
        FigureError::BadSize { .. }
    ));
    assert!(matches!(
        run(figure(Format::Gif, (100_000, 720), &ok)),
        FigureError::BadSize { .. }
    ));
    assert_eq!(
        run(figure(Format::Png, (1280, 720), &ok)),
        FigureError::StillNeedsOneFrame(ok.len())
    );
    let mut long = ok.clone();
    long[0].hold_ms = u32::MAX;
    assert!(matches!(
        run(figure(Format::Gif, (1280, 720), &long)),
        FigureError::HoldTooLong { frame: 0, .. }
    ));
    let cancelled = encode(
        &figure(Format::Gif, (1280, 720), &ok),
        &|_| (),
        &AtomicBool::new(true),
    );
    assert_eq!(cancelled.unwrap_err(), FigureError::Cancelled);
    assert_eq!(FigureError::Cancelled.code(), "cancelled");
}
