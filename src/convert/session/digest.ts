/**
 * An order-sensitive digest of integer samples (two 32-bit Fletcher-style
 * sums), computed while streaming raw data out and again while reading the
 * NWB dataset back: gigabytes are checked without holding them in memory.
 */
export class SampleDigest {
  private a = 1;
  private b = 0;
  count = 0;

  update(values: ArrayLike<number>): void {
    let { a, b } = this;
    for (let i = 0; i < values.length; i++) {
      a = (a + (values[i] & 0xffff) + 1) | 0;
      b = (b + a) | 0;
    }
    this.a = a;
    this.b = b;
    this.count += values.length;
  }

  get value(): string {
    return `${this.count}:${(this.a >>> 0).toString(16)}:${(this.b >>> 0).toString(16)}`;
  }
}
