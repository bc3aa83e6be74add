//! The GIF palette, built from the pixels themselves.
//!
//! A figure is a few flat colours, but anti-aliased edges and text add
//! in-between shades, often more than a GIF's 256. When the frames hold at
//! most `max` colours the palette is exact and the GIF lossless. Otherwise it
//! keeps the `max` most frequent colours over all frames (the flat fills and
//! the commonest edge shades; ties by colour value, so the result never
//! depends on hashing order) and every other colour is drawn as its nearest
//! palette entry by squared RGB distance (ties to the more frequent one). The
//! shapes' colours are exact either way; only rare edge shades move. No
//! dithering: it would add noise to flat areas and defeat the frame deltas.

use crate::raster::Pixels;
use std::collections::HashMap;

pub struct Palette {
    /// `0xRRGGBB`, most frequent first.
    pub colours: Vec<u32>,
    /// Every colour in the frames is in `colours`.
    pub exact: bool,
    index: HashMap<u32, u8>,
}

impl Palette {
    /// `max` ≤ 256.
    pub fn build(frames: &[Pixels], max: usize) -> Palette {
        let max = max.min(256);
        let mut counts: HashMap<u32, u64> = HashMap::new();
        for frame in frames {
            for &c in frame {
                *counts.entry(c).or_default() += 1;
            }
        }
        let mut by_count: Vec<(u32, u64)> = counts.into_iter().collect();
        by_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let exact = by_count.len() <= max;
        let colours: Vec<u32> = by_count.iter().take(max).map(|&(c, _)| c).collect();
        let mut index = HashMap::with_capacity(by_count.len());
        for (i, &c) in colours.iter().enumerate() {
            index.insert(c, i as u8);
        }
        for &(c, _) in by_count.iter().skip(max) {
            index.insert(c, nearest(&colours, c));
        }
        Palette {
            colours,
            exact,
            index,
        }
    }

    /// The entry a colour of the frames is drawn with.
    pub fn index_of(&self, c: u32) -> u8 {
        self.index
            .get(&c)
            .copied()
            .unwrap_or_else(|| nearest(&self.colours, c))
    }

    /// `r, g, b` per entry, as a GIF colour table holds them.
    pub fn rgb_bytes(&self) -> Vec<u8> {
        self.colours
            .iter()
            .flat_map(|&c| [(c >> 16) as u8, (c >> 8) as u8, c as u8])
            .collect()
    }
}

fn distance(a: u32, b: u32) -> u32 {
    let d = |shift: u32| {
        let x = ((a >> shift) & 0xff) as i32 - ((b >> shift) & 0xff) as i32;
        (x * x) as u32
    };
    d(16) + d(8) + d(0)
}

/// The first (most frequent) of the closest entries.
fn nearest(colours: &[u32], c: u32) -> u8 {
    let mut best = (u32::MAX, 0u8);
    for (i, &p) in colours.iter().enumerate() {
        let d = distance(p, c);
        if d < best.0 {
            best = (d, i as u8);
        }
    }
    best.1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn few_colours_are_kept_exactly() {
        let frames = vec![
            vec![0xffffff, 0xffffff, 0xd55e00],
            vec![0x1f2328, 0xffffff, 0xffffff],
        ];
        let p = Palette::build(&frames, 255);
        assert!(p.exact);
        assert_eq!(p.colours, vec![0xffffff, 0x1f2328, 0xd55e00]);
        assert_eq!(p.colours[p.index_of(0xd55e00) as usize], 0xd55e00);
    }

    #[test]
    fn past_the_limit_the_most_frequent_stay_and_the_rest_go_to_the_nearest() {
        // Two flat colours, then 300 rare shades of grey once each.
        let mut frame = vec![0xffffff; 1000];
        frame.extend(std::iter::repeat_n(0x000000, 500));
        frame.extend((0..300u32).map(|i| 0x010101 * (i % 254 + 1) + (i / 254)));
        let p = Palette::build(&[frame.clone()], 16);
        assert!(!p.exact);
        assert_eq!(p.colours.len(), 16);
        assert_eq!(&p.colours[..2], &[0xffffff, 0x000000]);
        // A near-white shade not kept is drawn white; a near-black one black.
        let kept: std::collections::HashSet<u32> = p.colours.iter().copied().collect();
        let near_white = *frame
            .iter()
            .rev()
            .find(|&&c| c > 0xf8f8f8 && !kept.contains(&c))
            .unwrap();
        assert_eq!(p.colours[p.index_of(near_white) as usize], 0xffffff);
        assert_eq!(p.colours[p.index_of(0x020202) as usize] & 0xf0f0f0, 0);
        // The same pixels give the same palette, whatever the hash order.
        let again = Palette::build(&[frame], 16);
        assert_eq!(again.colours, p.colours);
    }
}
