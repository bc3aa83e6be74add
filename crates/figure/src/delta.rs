//! Where a frame differs from the one before: only that rectangle is stored,
//! and the rest of the picture stays as it was on screen. A step changes a
//! column, a caption and a panel, not the whole figure.

/// A rectangle of the picture, in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
}

/// The smallest rectangle holding every pixel that differs, or None.
pub fn changed<T: PartialEq>(before: &[T], after: &[T], width: u32) -> Option<Rect> {
    let w = width as usize;
    let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
    for (y, (a, b)) in before
        .chunks_exact(w)
        .zip(after.chunks_exact(w))
        .enumerate()
    {
        if a == b {
            continue;
        }
        let first = a.iter().zip(b).position(|(p, q)| p != q).unwrap_or(0);
        let last = w
            - 1
            - a.iter()
                .rev()
                .zip(b.iter().rev())
                .position(|(p, q)| p != q)
                .unwrap_or(0);
        x0 = x0.min(first);
        x1 = x1.max(last);
        y0 = y0.min(y);
        y1 = y;
    }
    (y0 != usize::MAX).then(|| Rect {
        x: x0 as u32,
        y: y0 as u32,
        width: (x1 - x0 + 1) as u32,
        height: (y1 - y0 + 1) as u32,
    })
}

/// The rectangle's pixels, row by row.
pub fn crop<T: Copy>(pixels: &[T], width: u32, r: Rect) -> Vec<T> {
    let w = width as usize;
    let mut out = Vec::with_capacity((r.width * r.height) as usize);
    for y in r.y..r.y + r.height {
        let start = y as usize * w + r.x as usize;
        out.extend_from_slice(&pixels[start..start + r.width as usize]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_bounding_rectangle_of_the_change() {
        let a = vec![0u8; 5 * 4];
        let mut b = a.clone();
        b[5 + 1] = 1; // (1, 1)
        b[2 * 5 + 3] = 1; // (3, 2)
        let r = changed(&a, &b, 5).unwrap();
        assert_eq!(
            r,
            Rect {
                x: 1,
                y: 1,
                width: 3,
                height: 2
            }
        );
        assert_eq!(crop(&b, 5, r), vec![1, 0, 0, 0, 0, 1]);
        assert_eq!(changed(&a, &a, 5), None);
    }
}
