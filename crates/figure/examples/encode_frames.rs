//! Encodes a folder of SVG frames (as tests/frames holds: NN.svg, plus
//! frames.json for the holds) into a figure, to look at the output by eye:
//! `cargo run -p interleave-figure --example encode_frames -- DIR OUT.{gif,apng,png} [WIDTH HEIGHT]`.
//! A .png is the last frame alone.

use interleave_figure::{encode, Figure, Format, Frame};
use std::sync::atomic::AtomicBool;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, out, rest @ ..] = args.as_slice() else {
        eprintln!("usage: encode_frames DIR OUT.{{gif,apng,png}} [WIDTH HEIGHT]");
        std::process::exit(2);
    };
    let size = |i: usize, d: u32| rest.get(i).and_then(|s| s.parse().ok()).unwrap_or(d);
    let manifest = std::fs::read_to_string(format!("{dir}/frames.json")).unwrap_or_default();
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .expect("a folder of frames")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "svg"))
        .collect();
    names.sort();
    let mut frames: Vec<Frame> = names
        .iter()
        .map(|p| {
            let file = p.file_name().unwrap().to_string_lossy().into_owned();
            // The hold after this file's name in frames.json, else 1.4 s.
            let hold_ms = manifest
                .split(&file)
                .nth(1)
                .and_then(|t| t.split("hold_ms\":").nth(1))
                .and_then(|t| t.trim().split(|c: char| !c.is_ascii_digit()).next())
                .and_then(|n| n.parse().ok())
                .unwrap_or(1400);
            Frame {
                svg: std::fs::read_to_string(p).unwrap(),
                hold_ms,
            }
        })
        .collect();
    let format = match out.rsplit('.').next() {
        Some("gif") => Format::Gif,
        Some("png") => {
            frames = frames.split_off(frames.len().saturating_sub(1));
            Format::Png
        }
        _ => Format::Apng,
    };
    let figure = Figure {
        format,
        width: size(0, 1280),
        height: size(1, 720),
        frames,
    };
    match encode(&figure, &|_| (), &AtomicBool::new(false)) {
        Ok(bytes) => {
            std::fs::write(out, &bytes).expect("write the output");
            println!(
                "{out}: {} bytes, {} frames",
                bytes.len(),
                figure.frames.len()
            );
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
