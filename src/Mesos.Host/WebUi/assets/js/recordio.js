// RecordIO, Mesos' framing of event streams: "<length in bytes>\n<record>" repeated. A record may
// arrive split over many chunks (the first event of a large cluster is megabytes), so chunks are queued
// and each record is copied once, when whole.

class ByteQueue {
  constructor() {
    this.chunks = [];
    this.size = 0;
    this.offset = 0; // bytes of chunks[0] already taken
  }

  push(chunk) {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  /** Index (from the queue's start) of the first `byte` within `limit` bytes, or -1. */
  indexOf(byte, limit) {
    let seen = 0;
    for (let c = 0; c < this.chunks.length && seen < limit; c++) {
      const chunk = this.chunks[c];
      for (let i = c === 0 ? this.offset : 0; i < chunk.length && seen < limit; i++, seen++) {
        if (chunk[i] === byte) return seen;
      }
    }
    return -1;
  }

  /** Takes `n` bytes off the front. */
  take(n) {
    const first = this.chunks[0];
    if (first && first.length - this.offset >= n) {
      const part = first.subarray(this.offset, this.offset + n);
      this.advance(n);
      return part;
    }
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.chunks[0];
      const count = Math.min(n - filled, chunk.length - this.offset);
      out.set(chunk.subarray(this.offset, this.offset + count), filled);
      filled += count;
      this.advance(count);
    }
    return out;
  }

  advance(n) {
    this.size -= n;
    this.offset += n;
    while (this.chunks.length && this.offset >= this.chunks[0].length) {
      this.offset -= this.chunks[0].length;
      this.chunks.shift();
    }
  }
}

// A length never needs more digits than this; more means the stream is not RecordIO.
const MAX_HEADER = 20;

/** Yields each record of a RecordIO byte stream as a string. */
export async function* records(body) {
  const reader = body.getReader();
  const queue = new ByteQueue();
  const decoder = new TextDecoder();
  let wanted = -1;
  try {
    while (true) {
      while (true) {
        if (wanted < 0) {
          const newline = queue.indexOf(10, MAX_HEADER + 1);
          if (newline < 0) {
            if (queue.size > MAX_HEADER) throw new Error('Malformed RecordIO header');
            break;
          }
          const header = decoder.decode(queue.take(newline));
          queue.take(1);
          if (!/^\d+$/.test(header)) throw new Error(`Malformed RecordIO length '${header}'`);
          wanted = Number(header);
        }
        if (queue.size < wanted) break;
        const record = decoder.decode(queue.take(wanted));
        wanted = -1;
        yield record;
      }
      const { value, done } = await reader.read();
      if (done) return;
      queue.push(value);
    }
  } finally {
    reader.releaseLock();
  }
}
