/**
 * Finds which of many lower-case ASCII keywords occur in a text, in one pass over it whatever
 * their number (Aho–Corasick compiled to a full transition table). Upper-case ASCII letters fold
 * to lower case as they are read, so the text is never copied; any other character outside ASCII
 * only resets the match, as no keyword contains one.
 */
export class KeywordSet {
  readonly keywords: readonly string[];
  /** `next[state * 128 + char]`: the state after reading `char`. */
  private readonly next: Int32Array;
  /** The keyword indexes that end at each state, including through suffix links. */
  private readonly outputs: readonly (readonly number[])[];
  /** 1 where a state ends some keyword: one byte read per character instead of an array's length. */
  private readonly ends: Uint8Array;

  constructor(keywords: readonly string[]) {
    for (const keyword of keywords) {
      if (keyword === '' || !/^[\x20-\x7e]+$/.test(keyword) || keyword !== keyword.toLowerCase()) {
        throw new Error(`keyword must be non-empty lower-case printable ASCII: ${JSON.stringify(keyword)}`);
      }
    }
    this.keywords = keywords;
    if (new Set(keywords).size !== keywords.length) throw new Error('keywords must be distinct');
    // The trie, as child maps first; the table is filled breadth-first from it.
    const children: Map<number, number>[] = [new Map()];
    const own: number[][] = [[]];
    keywords.forEach((keyword, index) => {
      let state = 0;
      for (let i = 0; i < keyword.length; i++) {
        const char = keyword.charCodeAt(i);
        let child = children[state]!.get(char);
        if (child === undefined) {
          child = children.length;
          children.push(new Map());
          own.push([]);
          children[state]!.set(char, child);
        }
        state = child;
      }
      own[state]!.push(index);
    });
    const next = new Int32Array(children.length * 128);
    const fail = new Int32Array(children.length);
    const outputs: number[][] = own.map((list) => [...list]);
    const queue: number[] = [];
    for (let char = 0; char < 128; char++) {
      const child = children[0]!.get(char);
      if (child !== undefined) {
        next[char] = child;
        queue.push(child);
      }
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      outputs[state]!.push(...outputs[fail[state]!]!);
      for (let char = 0; char < 128; char++) {
        const child = children[state]!.get(char);
        const viaFail = next[fail[state]! * 128 + char]!;
        if (child === undefined) {
          next[state * 128 + char] = viaFail;
        } else {
          fail[child] = viaFail;
          next[state * 128 + char] = child;
          queue.push(child);
        }
      }
    }
    this.next = next;
    this.outputs = outputs;
    this.ends = Uint8Array.from(outputs, (list) => (list.length > 0 ? 1 : 0));
  }

  /**
   * Every occurrence of every keyword, in text order: `visit(keywordIndex, start)` with the
   * offset where the keyword starts. Overlapping occurrences are all visited.
   */
  scan(text: string, visit: (keyword: number, start: number) => void): void {
    if (this.keywords.length === 0) return;
    const { next, outputs, keywords, ends } = this;
    const length = text.length;
    let state = 0;
    for (let i = 0; i < length; i++) {
      let char = text.charCodeAt(i);
      if (char >= 128) {
        state = 0;
        continue;
      }
      if (char >= 65 && char <= 90) char += 32;
      state = next[(state << 7) | char]!;
      if (ends[state] === 0) continue;
      const hits = outputs[state]!;
      for (let h = 0; h < hits.length; h++) {
        const keyword = hits[h]!;
        visit(keyword, i + 1 - keywords[keyword]!.length);
      }
    }
  }

  /** Which keywords occur in the text; stops reading as soon as every one has been seen. */
  find(text: string): Set<number> {
    const found = new Set<number>();
    if (this.keywords.length === 0) return found;
    const { next, outputs } = this;
    // Once every keyword has been seen, the rest of the text cannot add one.
    const all = this.keywords.length;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      let char = text.charCodeAt(i);
      if (char >= 65 && char <= 90) char += 32;
      else if (char >= 128) {
        state = 0;
        continue;
      }
      state = next[state * 128 + char]!;
      const hits = outputs[state]!;
      if (hits.length > 0) {
        for (const hit of hits) found.add(hit);
        if (found.size === all) break;
      }
    }
    return found;
  }

  /**
   * Whether any keyword occurs in UTF-8 bytes, read as `find` reads text: ASCII letters fold, and
   * a byte past ASCII resets the match. Decoding cannot change the answer, as no byte of a
   * multi-byte sequence is ASCII and an invalid one never swallows an ASCII byte; so a file with
   * no keyword need never be decoded.
   */
  occursIn(bytes: Uint8Array): boolean {
    if (this.keywords.length === 0) return false;
    const { next, ends } = this;
    const length = bytes.length;
    let state = 0;
    for (let i = 0; i < length; i++) {
      let byte = bytes[i]!;
      if (byte >= 128) {
        state = 0;
        continue;
      }
      if (byte >= 65 && byte <= 90) byte += 32;
      state = next[(state << 7) | byte]!;
      if (ends[state] !== 0) return true;
    }
    return false;
  }
}
