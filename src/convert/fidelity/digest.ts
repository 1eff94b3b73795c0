/**
 * An order-sensitive digest of integer samples (two 32-bit Fletcher-style
 * sums), computed while streaming raw data out and again while reading the
 * NWB dataset back: gigabytes are checked without holding them in memory.
 */

/** The sums of a run of samples digested from zero (`SampleDigest.segment`). */
export interface ISegmentDigest {
  a: number;
  b: number;
  count: number;
}

export class SampleDigest {
  private a = 1;
  private b = 0;
  count = 0;

  /**
   * A digest of a run of samples that continues an earlier one: `append` it to the digest
   * of the samples before it to get the digest of both runs, so ranges of one dataset can
   * be digested apart (on several threads) and joined in order.
   */
  static segment(): SampleDigest {
    const digest = new SampleDigest();
    digest.a = 0;
    return digest;
  }

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

  get state(): ISegmentDigest {
    return { a: this.a, b: this.b, count: this.count };
  }

  /**
   * Continues with the samples a segment digested: each of its `count` running `a` sums
   * was short of this digest's `a`, so `b` gains count × a on top of the segment's own.
   */
  append(segment: ISegmentDigest): void {
    const count32 = (segment.count % 0x100000000) | 0;
    this.b = (this.b + Math.imul(count32, this.a) + segment.b) | 0;
    this.a = (this.a + segment.a) | 0;
    this.count += segment.count;
  }

  get value(): string {
    return `${this.count}:${(this.a >>> 0).toString(16)}:${(this.b >>> 0).toString(16)}`;
  }
}
