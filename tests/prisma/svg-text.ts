/** The text of each `<g data-box>` of a PRISMA SVG, its lines joined with spaces (as a reader reads the box). */
export function boxTexts(svg: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const match of svg.matchAll(/<g class="box" data-box="([^"]+)">([\s\S]*?)<\/g>/g)) {
    const lines = [...match[2]!.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => unescapeXml(m[1]!));
    out.set(match[1]!, lines.join(" "));
  }
  return out;
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}
