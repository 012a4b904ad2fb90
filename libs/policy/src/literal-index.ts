/**
 * Aho–Corasick automaton over lower-cased literals: one pass over a subject finds every literal it contains, so
 * looking up the response blocks whose `rules_group` can match costs the length of the group string plus the hits,
 * not the number of blocks.
 */
export class LiteralIndex<T> {
  private readonly goto: Map<string, number>[] = [new Map()];
  private readonly fail: number[] = [0];
  private readonly out: T[][] = [[]];

  /** Adds a literal (compared ASCII-case-insensitively) that reports `value` when found. */
  add(literal: string, value: T): void {
    let state = 0;
    for (const ch of asciiLower(literal)) {
      let next = this.goto[state].get(ch);
      if (next === undefined) {
        next = this.goto.length;
        this.goto.push(new Map());
        this.fail.push(0);
        this.out.push([]);
        this.goto[state].set(ch, next);
      }
      state = next;
    }
    this.out[state].push(value);
  }

  /** Builds the failure links; call once after the last `add`. */
  seal(): this {
    const queue: number[] = [];
    for (const s of this.goto[0].values()) queue.push(s);
    for (let head = 0; head < queue.length; head++) {
      const r = queue[head];
      for (const [ch, s] of this.goto[r]) {
        queue.push(s);
        let f = this.fail[r];
        while (f !== 0 && !this.goto[f].has(ch)) f = this.fail[f];
        const target = this.goto[f].get(ch);
        this.fail[s] = target !== undefined && target !== s ? target : 0;
        this.out[s] = [...this.out[s], ...this.out[this.fail[s]]];
      }
    }
    return this;
  }

  /** Every value whose literal occurs in `subject` (duplicates possible). */
  search(subject: string, found: (value: T) => void): void {
    let state = 0;
    for (const ch of asciiLower(subject)) {
      while (state !== 0 && !this.goto[state].has(ch)) state = this.fail[state];
      state = this.goto[state].get(ch) ?? 0;
      for (const v of this.out[state]) found(v);
    }
  }
}

function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}
