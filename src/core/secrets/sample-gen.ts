/**
 * Random strings in a token's alphabet, for the rules' positive samples. Samples are generated when the
 * tests run, never committed, so nothing in the repository looks like a live credential. Seeded, so a
 * failing sample reproduces.
 */

export const ALPHABETS = {
  upper: "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
  lower: "abcdefghijklmnopqrstuvwxyz",
  digits: "0123456789",
  hex: "0123456789abcdef",
  alnum: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
  base32: "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
  base64: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
  base64url: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
} as const;

export class SampleGen {
  private state: number;
  constructor(seed = 0x5eed) {
    this.state = seed >>> 0;
  }

  /** mulberry32: small, fast, good enough to fill a token's alphabet evenly. */
  private next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  chars(alphabet: string, length: number): string {
    let out = "";
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  alnum(length: number): string {
    return this.chars(ALPHABETS.alnum, length);
  }
  hex(length: number): string {
    return this.chars(ALPHABETS.hex, length);
  }
  digits(length: number): string {
    return this.chars(ALPHABETS.digits, length);
  }
  upper(length: number): string {
    return this.chars(ALPHABETS.upper, length);
  }
  base64(length: number): string {
    return this.chars(ALPHABETS.base64, length);
  }
  base64url(length: number): string {
    return this.chars(ALPHABETS.base64url, length);
  }
  /** A password a person might choose: mixed classes, not a dictionary word. */
  password(length = 16): string {
    return this.chars(ALPHABETS.alnum, length - 2) + this.chars("!#%&*+-=?@^_~", 1) + this.digits(1);
  }
  uuid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-a${this.hex(3)}-${this.hex(12)}`;
  }
  /** base64url of a JSON value, as in a JWT segment. */
  base64urlJson(value: unknown): string {
    return btoa(JSON.stringify(value)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
}
