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
    if (measure(`${text.slice(0, mid).trimEnd()}…`) <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, Math.max(1, lo)).trimEnd()}…`;
}

/**
 * Splits `text` into at most `maxLines` lines no wider than `width`, breaking
 * at spaces. Two lines are balanced (the break that makes the longer line
 * shortest), which reads better in small boxes. The last line ends with "…"
 * when the text does not fit.
 */
export function wrapText(
  text: string,
  width: number,
  maxLines: number,
  measure: Measure = byChars,
): string[] {
  const words = text
    .trim()
    .split(/\s+/)
    .filter((w) => w.length > 0);
  if (words.length === 0) return [];
  const whole = words.join(" ");
  if (measure(whole) <= width || maxLines <= 1) return [ellipsize(whole, width, measure)];
  if (maxLines === 2 || maxLines === 3) {
    // Balanced: the split whose longest line is shortest, in as few lines as possible.
    const splits: string[][] = [];
    for (let i = 1; i < words.length; i++)
      splits.push([words.slice(0, i).join(" "), words.slice(i).join(" ")]);
    if (maxLines === 3 && !splits.some((l) => l.every((x) => measure(x) <= width))) {
      for (let i = 1; i < words.length; i++)
        for (let j = i + 1; j < words.length; j++)
          splits.push([
            words.slice(0, i).join(" "),
            words.slice(i, j).join(" "),
            words.slice(j).join(" "),
          ]);
    }
    let best: string[] | null = null;
    let bestW = Infinity;
    for (const lines of splits) {
      const widths = lines.map(measure);
      const w = Math.max(...widths);
      if (
        widths.every((x) => x <= width) &&
        (best === null || lines.length < best.length || (lines.length === best.length && w < bestW))
      ) {
        best = lines;
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

/**
 * Puts `items` on at most `maxLines` lines no wider than `width`: one per
 * line when there is room, else joined with " · ". Null when they do not fit
 * whole (nothing is cut here).
 */
export function packItems(
  items: string[],
  width: number,
  maxLines: number,
  measure: Measure = byChars,
): string[] | null {
  if (items.length <= maxLines && items.every((t) => measure(t) <= width)) return [...items];
  const lines: string[] = [];
  for (const t of items) {
    const last = lines[lines.length - 1];
    const joined = last !== undefined ? `${last} · ${t}` : t;
    if (last !== undefined && measure(joined) <= width) lines[lines.length - 1] = joined;
    else if (measure(t) <= width) lines.push(t);
    else return null;
    if (lines.length > maxLines) return null;
  }
  return lines;
}

/**
 * The first of several forms (richest first) that fits whole; else the last
 * form, cut with "…" (the caller keeps the full text in a tooltip).
 */
export function fitForms(
  forms: string[][],
  width: number,
  maxLines: number,
  measure: Measure = byChars,
): string[] {
  for (const f of forms) {
    const packed = packItems(f, width, maxLines, measure);
    if (packed) return packed;
    // One item on two lines, broken at a space ("balance" / "100→150"), before a poorer form.
    if (f.length === 1 && maxLines > 1) {
      const wrapped = wrapText(f[0], width, maxLines, measure);
      if (wrapped.join(" ") === f[0].trim().replace(/\s+/g, " ")) return wrapped;
    }
  }
  const last = forms[forms.length - 1] ?? [];
  // The first item whole and a count beats a cut number ("balance 150 +1"; the tooltip has all).
  if (last.length > 1 && measure(`${last[0]} +${last.length - 1}`) <= width)
    return [`${last[0]} +${last.length - 1}`];
  if (last.length > 1 && measure(last[0]) <= width) return [last[0]];
  return wrapText(last.join(" · "), width, maxLines, measure);
}

/**
 * Labels given as forms of fixed lines (see sql-label.ts): the first form
 * whose lines all fit, on one line when only one is allowed; else the last
 * form wrapped and cut.
 */
export function fitLabel(
  forms: string[][],
  width: number,
  maxLines: number,
  measure: Measure = byChars,
): string[] {
  for (const f of forms) {
    const lines = f.length <= maxLines ? f : [f.join(" ")];
    if (lines.every((l) => measure(l) <= width)) return lines;
  }
  return wrapText((forms[forms.length - 1] ?? []).join(" "), width, maxLines, measure);
}
