/**
 * The PRISMA 2020 flow diagram as SVG, built as a plain string: no fonts embedded, no
 * measuring, no randomness, so the same flow gives the same bytes. Layout follows the PRISMA
 * 2020 template (Page et al. 2021, figure 1): side bars (Identification, Screening, Included),
 * the records column with the excluded boxes to its right, one such column per eligibility
 * branch, a previous-studies column on the left for an update and an other-methods column on
 * the right when the counts have one. The drawing is 794 units wide: an A4 page at 96 dpi.
 *
 * Text is wrapped on an estimate of character width (generous, so a wider fallback font still
 * fits) and every box is as tall as its wrapped text.
 */
import type { Flow, FlowBox, FlowLine, FlowStage } from "./flow.js";

const WIDTH = 794;
const MARGIN = 12;
const BAR = 22;
const BAR_GAP = 10;
const GAP_X = 16;
const ROW_GAP = 28;
const FONT = 11;
const LINE = 14;
const PAD = 7;
const INDENT = 10;
/** Average advance of a sans-serif character, as a share of the font size (bold a little more). */
const CHAR = 0.55;
const CHAR_BOLD = 0.6;
const FONT_FAMILY = "Helvetica, Arial, 'Liberation Sans', sans-serif";

const FILL = {
  main: "#ffffff",
  grey: "#e4e4e4",
  awaiting: "#ffffff",
  header: "#f6c445",
  greyHeader: "#d6d6d6",
  bar: "#bcd2ee",
} as const;

/**
 * Characters XML 1.0 forbids even as character references (C0 controls but tab, line feed and
 * carriage return; U+FFFE, U+FFFF; unpaired surrogates): a database or reason label holding one
 * would make the whole SVG unreadable, so each is drawn as U+FFFD, visibly.
 */
const NOT_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, "\uFFFD")
    .replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
}

const fmt = (value: number): string => String(Math.round(value * 10) / 10);
const count = (n: number | null | undefined): string => (n === null || n === undefined ? "NA" : n.toLocaleString("en"));

/** Greedy word wrap to at most `max` characters a line; a longer word is cut; "(n = 1,234)" is kept whole. */
export function wrapText(text: string, max: number): string[] {
  const out: string[] = [];
  let current = "";
  for (const word of text.match(/\(n = [^)\s]*\)|\S+/g) ?? []) {
    let rest = word;
    while (rest.length > max) {
      if (current) out.push(current);
      current = "";
      out.push(rest.slice(0, max));
      rest = rest.slice(max);
    }
    if (current === "") current = rest;
    else if (current.length + 1 + rest.length <= max) current += ` ${rest}`;
    else {
      out.push(current);
      current = rest;
    }
  }
  if (current) out.push(current);
  return out.length ? out : [""];
}

interface TextLine {
  text: string;
  bold: boolean;
  italic: boolean;
  indent: boolean;
}

interface Placed {
  box: FlowBox | { id: string; title: string; style: "header" | "greyHeader" };
  x: number;
  y: number;
  w: number;
  h: number;
  lines: TextLine[];
  centred: boolean;
}

function lineText(line: FlowLine): string {
  return line.n === undefined ? line.text : `${line.text} (n = ${count(line.n)})`;
}

function boxLines(box: FlowBox, width: number, subtitle: string | null): TextLine[] {
  const inner = width - 2 * PAD;
  const plain = Math.max(8, Math.floor(inner / (FONT * CHAR)));
  const bold = Math.max(8, Math.floor(inner / (FONT * CHAR_BOLD)));
  const indented = Math.max(8, Math.floor((inner - INDENT) / (FONT * CHAR)));
  const out: TextLine[] = [];
  if (subtitle)
    for (const text of wrapText(subtitle, plain)) out.push({ text, bold: false, italic: true, indent: false });
  for (const text of wrapText(box.title, bold)) out.push({ text, bold: true, italic: false, indent: false });
  if (box.n !== undefined) out.push({ text: `(n = ${count(box.n)})`, bold: false, italic: false, indent: false });
  for (const line of box.lines) {
    for (const text of wrapText(lineText(line), line.indent ? indented : plain))
      out.push({ text, bold: false, italic: false, indent: line.indent === true });
  }
  return out;
}

const heightOf = (lines: readonly TextLine[]): number => 2 * PAD + lines.length * LINE;

function place(box: Placed["box"], x: number, y: number, w: number, lines: TextLine[], centred = false): Placed {
  return { box, x, y, w, h: heightOf(lines), lines, centred };
}

function drawBox(p: Placed): string {
  const style = p.box.style;
  const fill = FILL[style];
  const dashed = style === "awaiting" ? ` stroke-dasharray="4 3"` : "";
  const rounded = style === "header" || style === "greyHeader" ? ` rx="6"` : "";
  const stroke = style === "grey" || style === "greyHeader" ? "#9a9a9a" : "#000000";
  let out = `<g class="box" data-box="${escapeXml(p.box.id)}">\n`;
  out += `<rect x="${fmt(p.x)}" y="${fmt(p.y)}" width="${fmt(p.w)}" height="${fmt(p.h)}"${rounded} fill="${fill}" stroke="${stroke}" stroke-width="1"${dashed}/>\n`;
  p.lines.forEach((line, i) => {
    const y = p.y + PAD + (i + 1) * LINE - 3.5;
    const x = p.centred ? p.x + p.w / 2 : p.x + PAD + (line.indent ? INDENT : 0);
    const anchor = p.centred ? ` text-anchor="middle"` : "";
    const weight = line.bold ? ` font-weight="bold"` : "";
    const italic = line.italic ? ` font-style="italic"` : "";
    out += `<text x="${fmt(x)}" y="${fmt(y)}"${anchor}${weight}${italic}>${escapeXml(line.text)}</text>\n`;
  });
  return `${out}</g>\n`;
}

const arrow = (points: readonly [number, number][]): string =>
  `<polyline class="arrow" points="${points.map(([x, y]) => `${fmt(x)},${fmt(y)}`).join(" ")}" fill="none" stroke="#000000" stroke-width="1" marker-end="url(#arrowhead)"/>\n`;
const line = (points: readonly [number, number][]): string =>
  `<polyline points="${points.map(([x, y]) => `${fmt(x)},${fmt(y)}`).join(" ")}" fill="none" stroke="#000000" stroke-width="1"/>\n`;

function sideBar(label: string, top: number, bottom: number): string {
  const h = Math.max(bottom - top, 20);
  const cx = MARGIN + BAR / 2;
  const cy = top + h / 2;
  return (
    `<g class="section" data-section="${escapeXml(label.toLowerCase())}">\n` +
    `<rect x="${fmt(MARGIN)}" y="${fmt(top)}" width="${BAR}" height="${fmt(h)}" rx="4" fill="${FILL.bar}"/>\n` +
    `<text transform="translate(${fmt(cx + 4)} ${fmt(cy)}) rotate(-90)" text-anchor="middle" font-weight="bold">${escapeXml(label)}</text>\n</g>\n`
  );
}

const centreX = (p: Placed) => p.x + p.w / 2;
const bottom = (p: Placed) => p.y + p.h;

/** Lines from each source's bottom that join and lead into `target`'s top. */
function converge(sources: readonly Placed[], target: Placed): string {
  const tx = centreX(target);
  if (sources.length === 1 && Math.abs(centreX(sources[0]!) - tx) < 0.5)
    return arrow([
      [tx, bottom(sources[0]!)],
      [tx, target.y],
    ]);
  const join = target.y - ROW_GAP / 2;
  let out = "";
  const xs = [tx];
  for (const s of sources) {
    out += line([
      [centreX(s), bottom(s)],
      [centreX(s), join],
    ]);
    xs.push(centreX(s));
  }
  out += line([
    [Math.min(...xs), join],
    [Math.max(...xs), join],
  ]);
  return (
    out +
    arrow([
      [tx, join],
      [tx, target.y],
    ])
  );
}

/** Lines from `source`'s bottom that branch into each target's top. */
function diverge(source: Placed, targets: readonly Placed[]): string {
  const sx = centreX(source);
  if (targets.length === 1 && Math.abs(centreX(targets[0]!) - sx) < 0.5)
    return arrow([
      [sx, bottom(source)],
      [sx, targets[0]!.y],
    ]);
  const split = Math.min(...targets.map((t) => t.y)) - ROW_GAP / 2;
  let out = line([
    [sx, bottom(source)],
    [sx, split],
  ]);
  const xs = [sx, ...targets.map(centreX)];
  out += line([
    [Math.min(...xs), split],
    [Math.max(...xs), split],
  ]);
  for (const t of targets)
    out += arrow([
      [centreX(t), split],
      [centreX(t), t.y],
    ]);
  return out;
}

function sideArrow(from: Placed, to: Placed): string {
  const y = from.y + Math.min(from.h, to.h) / 2;
  return arrow([
    [from.x + from.w, y],
    [to.x, y],
  ]);
}

export function renderSvg(flow: Flow, title = "PRISMA 2020 flow diagram"): string {
  const contentX = MARGIN + BAR + BAR_GAP;
  const contentW = WIDTH - contentX - MARGIN;
  const lanes = flow.lanes;
  const units = (flow.previous ? 1 : 0) + 2 * lanes.length + (flow.other ? 2 : 0);
  const colW = (contentW - (units - 1) * GAP_X) / units;
  const colX = (i: number) => contentX + i * (colW + GAP_X);
  const firstLaneCol = flow.previous ? 1 : 0;
  const mainCol = (j: number) => firstLaneCol + 2 * j;
  const otherCol = firstLaneCol + 2 * lanes.length;
  const regionX = colX(firstLaneCol);
  const regionW = colX(mainCol(lanes.length - 1) + 1) + colW - regionX;
  const halfW = (regionW - GAP_X) / 2;
  const span2 = 2 * colW + GAP_X;

  let body = "";
  const placed: Placed[] = [];
  const keep = (p: Placed) => (placed.push(p), p);

  // Title row.
  let y = MARGIN;
  const headerLines = (text: string, w: number) =>
    wrapText(text, Math.floor((w - 2 * PAD) / (FONT * CHAR_BOLD))).map((t) => ({
      text: t,
      bold: true,
      italic: false,
      indent: false,
    }));
  const headers: Placed[] = [
    place(
      { id: "header", title: flow.header, style: "header" },
      regionX,
      y,
      regionW,
      headerLines(flow.header, regionW),
      true,
    ),
  ];
  if (flow.other)
    headers.push(
      place(
        { id: "other-header", title: flow.other.header, style: "greyHeader" },
        colX(otherCol),
        y,
        span2,
        headerLines(flow.other.header, span2),
        true,
      ),
    );
  if (flow.previous)
    headers.push(
      place(
        { id: "previous-header", title: flow.previous.header, style: "greyHeader" },
        colX(0),
        y,
        colW,
        headerLines(flow.previous.header, colW),
        true,
      ),
    );
  const headerH = Math.max(...headers.map((h) => h.h));
  for (const h of headers) keep({ ...h, h: headerH });
  y += headerH + 14;

  // Identification row.
  const identTop = y;
  const identified = keep(place(flow.identified, regionX, y, halfW, boxLines(flow.identified, halfW, null)));
  const removed = keep(place(flow.removed, regionX + halfW + GAP_X, y, halfW, boxLines(flow.removed, halfW, null)));
  const otherIdentified = flow.other
    ? keep(place(flow.other.identified, colX(otherCol), y, colW, boxLines(flow.other.identified, colW, null)))
    : null;
  const previous = flow.previous
    ? keep(place(flow.previous.box, colX(0), y, colW, boxLines(flow.previous.box, colW, null)))
    : null;
  const identBottom = Math.max(
    bottom(identified),
    bottom(removed),
    otherIdentified ? bottom(otherIdentified) : 0,
    previous ? bottom(previous) : 0,
  );
  body += sideArrow(identified, removed);
  y = identBottom + ROW_GAP;

  // Screening rows: one per stage, lanes side by side.
  const screenTop = y;
  const laneColumns: { stages: FlowStage[]; main: number; subtitle: string | null }[] = lanes.map((lane, j) => ({
    stages: lane.stages,
    main: mainCol(j),
    subtitle: lane.title,
  }));
  if (flow.other) laneColumns.push({ stages: flow.other.stages, main: otherCol, subtitle: null });
  const rows = Math.max(...laneColumns.map((c) => c.stages.length));
  const chains: Placed[][] = laneColumns.map(() => []);
  for (let r = 0; r < rows; r++) {
    let rowBottom = y;
    laneColumns.forEach((column, c) => {
      const stage = column.stages[r];
      if (!stage) return;
      const main = keep(
        place(stage.main, colX(column.main), y, colW, boxLines(stage.main, colW, r === 0 ? column.subtitle : null)),
      );
      const previousMain = chains[c]!.at(-1);
      if (previousMain)
        body += arrow([
          [centreX(previousMain), bottom(previousMain)],
          [centreX(main), main.y],
        ]);
      chains[c]!.push(main);
      let sideY = y;
      stage.side.forEach((side, s) => {
        const p = keep(place(side, colX(column.main + 1), sideY, colW, boxLines(side, colW, null)));
        if (s === 0) body += sideArrow(main, p);
        else {
          // A further side box (awaiting decision) may sit below the main box: its arrow leaves the main box lower down and steps down to it.
          const from = main.y + main.h * 0.75;
          const gapX = main.x + main.w + GAP_X / 2;
          const to = p.y + Math.min(p.h, LINE * 2) / 2 + PAD / 2;
          body += arrow([
            [main.x + main.w, from],
            [gapX, from],
            [gapX, to],
            [p.x, to],
          ]);
        }
        sideY = bottom(p) + 8;
        rowBottom = Math.max(rowBottom, bottom(p));
      });
      rowBottom = Math.max(rowBottom, bottom(main));
    });
    y = rowBottom + ROW_GAP;
  }
  const laneStarts = chains
    .slice(0, lanes.length)
    .map((chain) => chain[0]!)
    .filter(Boolean);
  body += diverge(identified, laneStarts);
  if (otherIdentified && chains[lanes.length]?.[0])
    body += arrow([
      [centreX(otherIdentified), bottom(otherIdentified)],
      [centreX(chains[lanes.length]![0]!), chains[lanes.length]![0]!.y],
    ]);
  let screenBottom = y - ROW_GAP;

  // Included: what each branch contributes, then the review's total.
  const includedTop = y;
  const ends: Placed[] = [];
  let branchRow = false;
  lanes.forEach((lane, j) => {
    const last = chains[j]!.at(-1);
    if (lane.included === null) {
      if (last) ends.push(last);
      return;
    }
    branchRow = true;
    const p = keep(place(lane.included, colX(mainCol(j)), y, colW, boxLines(lane.included, colW, null)));
    if (last)
      body += arrow([
        [centreX(last), bottom(last)],
        [centreX(p), p.y],
      ]);
    ends.push(p);
  });
  if (branchRow) y = Math.max(...ends.map(bottom)) + ROW_GAP;
  const otherLast = flow.other ? chains[lanes.length]!.at(-1) : undefined;
  if (otherLast) ends.push(otherLast);
  const includedW = lanes.length === 1 ? colW : halfW;
  const includedX = lanes.length === 1 ? colX(mainCol(0)) : regionX + (regionW - includedW) / 2;
  const included = keep(place(flow.included, includedX, y, includedW, boxLines(flow.included, includedW, null)));
  body += converge(ends, included);
  y = bottom(included);
  if (flow.total) {
    y += ROW_GAP;
    const total = keep(place(flow.total, includedX, y, includedW, boxLines(flow.total, includedW, null)));
    body += arrow([
      [centreX(included), bottom(included)],
      [centreX(total), total.y],
    ]);
    if (previous) {
      const ty = total.y + Math.min(total.h, LINE * 2);
      body += arrow([
        [centreX(previous), bottom(previous)],
        [centreX(previous), ty],
        [total.x, ty],
      ]);
    }
    y = bottom(total);
  }
  if (branchRow) screenBottom = Math.max(screenBottom, includedTop - ROW_GAP);
  const height = y + MARGIN;

  const bars =
    sideBar("Identification", identTop, identBottom) +
    sideBar("Screening", screenTop, screenBottom) +
    sideBar("Included", includedTop, y);
  const heightMm = Math.round((height * 210 * 10) / WIDTH) / 10;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="${heightMm}mm" viewBox="0 0 ${WIDTH} ${fmt(height)}" font-family="${FONT_FAMILY}" font-size="${FONT}">\n` +
    `<title>${escapeXml(title)}</title>\n` +
    `<defs><marker id="arrowhead" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#000000"/></marker></defs>\n` +
    `<rect x="0" y="0" width="${WIDTH}" height="${fmt(height)}" fill="#ffffff"/>\n` +
    bars +
    body +
    placed.map(drawBox).join("") +
    `</svg>\n`
  );
}
