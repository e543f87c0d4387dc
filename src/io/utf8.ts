/** Bytes that must be UTF-8 (reviewers' sheets): the text, or the line of the first byte that is not. */
export function decodeUtf8(bytes: Buffer): { text: string } | { badLine: number } {
  const text = bytes.toString("utf8");
  if (Buffer.from(text, "utf8").equals(bytes)) return { text };
  const bad = text.indexOf("\uFFFD");
  return { badLine: (text.slice(0, Math.max(bad, 0)).match(/\r\n|\r|\n/g) ?? []).length + 1 };
}

export const NOT_UTF8 = {
  expected: 'UTF-8 text (in a spreadsheet, save as "CSV UTF-8")',
  got: "bytes that are not UTF-8 (the file was saved in another encoding, e.g. Windows-1252)",
} as const;
