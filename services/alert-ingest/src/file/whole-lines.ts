/** One complete line of a file: its bytes without the line break, and where it starts in the file. */
export interface Line {
  readonly text: Buffer;
  readonly offset: number;
}

/**
 * The complete lines of a chunk read at `chunkOffset`: everything up to the last `\n`. `consumed` is how far that
 * is; the bytes after it are a line still being written, left for the next read. Blank lines are consumed but not
 * returned; a `\r` before the `\n` is dropped. PURE.
 */
export function wholeLines(chunk: Buffer, chunkOffset: number): { lines: Line[]; consumed: number } {
  const lines: Line[] = [];
  let start = 0;
  for (let nl = chunk.indexOf(0x0a, start); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
    const end = nl > start && chunk[nl - 1] === 0x0d ? nl - 1 : nl;
    const text = chunk.subarray(start, end);
    if (!isBlank(text)) lines.push({ text, offset: chunkOffset + start });
    start = nl + 1;
  }
  return { lines, consumed: start };
}

function isBlank(b: Buffer): boolean {
  for (const c of b) if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  return true;
}
