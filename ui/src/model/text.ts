//! Fitting text into boxes. The renderer passes a `measure` that knows the
//! real font; tests use the default, one unit per character.

export type Measure = (text: string) => number;

const byChars: Measure = (t) => t.length;

/** Cuts `text` to fit `width`, ending with "…". */
export function ellipsize(text: string, width: number, measure: Measure = byChars): string {
  if (measure(text) <= width) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(text.slice(0, mid).trimEnd() + "…") <= width) lo = mid;
    else hi = mid - 1;
  }
  return text.slice(0, Math.max(1, lo)).trimEnd() + "…";
}

/**
 * Splits `text` into at most `maxLines` lines no wider than `width`, breaking
 * at spaces. Two lines are balanced (the break that makes the longer line
 * shortest), which reads better in small boxes. The last line ends with "…"
 * when the text does not fit.
 */
export function wrapText(text: string, width: number, maxLines: number, measure: Measure = byChars): string[] {
  const words = text.trim().split(/\s+/).filter((w) => w.length > 0);
  if (words.length === 0) return [];
  const whole = words.join(" ");
  if (measure(whole) <= width || maxLines <= 1) return [ellipsize(whole, width, measure)];
  if (maxLines === 2) {
    let best: string[] | null = null;
    let bestW = Infinity;
    for (let i = 1; i < words.length; i++) {
      const a = words.slice(0, i).join(" ");
      const b = words.slice(i).join(" ");
      const w = Math.max(measure(a), measure(b));
      if (measure(a) <= width && measure(b) <= width && w < bestW) {
        best = [a, b];
        bestW = w;
      }
    }
    if (best) return best;
  }
  // Greedy fill, then cut what is left into the last line.
  const lines: string[] = [];
  let line = "";
  let i = 0;
  for (; i < words.length && lines.length < maxLines - 1; i++) {
    const next = line ? `${line} ${words[i]}` : words[i];
    if (measure(next) <= width) {
      line = next;
    } else if (line) {
      lines.push(line);
      line = "";
      i--;
    } else {
      lines.push(ellipsize(words[i], width, measure));
    }
  }
  if (line) {
    const rest = [line, ...words.slice(i)].join(" ");
    lines.push(ellipsize(rest, width, measure));
  } else if (i < words.length) {
    lines.push(ellipsize(words.slice(i).join(" "), width, measure));
  }
  return lines.slice(0, maxLines);
}
