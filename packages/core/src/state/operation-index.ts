/** Smallest table: 16 slots. */
const MIN_SLOTS = 16;
/** FNV-1a 32-bit offset basis and prime. */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function hashId(id: string): number {
  let hash = FNV_OFFSET;
  for (let index = 0; index < id.length; index++) hash = Math.imul(hash ^ id.charCodeAt(index), FNV_PRIME);
  return hash;
}

function slotsFor(entries: number): number {
  let slots = MIN_SLOTS;
  while (slots < entries * 2) slots *= 2;
  return slots;
}

/**
 * Positions of operation records by id: an open-addressing hash table (linear probing, at most half
 * full) whose slots hold `position + 1` in an `Int32Array`, with the ids themselves read from the
 * records. Indexing a history this way costs one pass over each id's characters and no garbage,
 * where a `Map` of the same fresh strings costs several times as much per record and keeps a table
 * of the history's size in the young generation (apps/bench "Replay").
 */
export class OperationIndex {
  readonly #records: readonly { readonly Id?: string | undefined }[];
  #slots: Int32Array;
  #mask: number;
  #size = 0;

  /** @param records the records positions refer to; the index reads their `Id`s, never copies them. */
  constructor(records: readonly { readonly Id?: string | undefined }[], expectedSize: number) {
    this.#records = records;
    this.#slots = new Int32Array(slotsFor(expectedSize));
    this.#mask = this.#slots.length - 1;
  }

  /** Position of the record with id `id`, or -1. */
  find(id: string): number {
    const slots = this.#slots;
    const mask = this.#mask;
    for (let slot = hashId(id) & mask; ; slot = (slot + 1) & mask) {
      const entry = slots[slot] as number;
      if (entry === 0) return -1;
      if (this.#records[entry - 1]?.Id === id) return entry - 1;
    }
  }

  /**
   * Indexes `position` under `id` unless `id` is already indexed. Returns false (and changes
   * nothing) when it was.
   */
  add(id: string, position: number): boolean {
    if ((this.#size + 1) * 2 > this.#slots.length) this.#grow();
    const slots = this.#slots;
    const mask = this.#mask;
    for (let slot = hashId(id) & mask; ; slot = (slot + 1) & mask) {
      const entry = slots[slot] as number;
      if (entry === 0) {
        slots[slot] = position + 1;
        this.#size++;
        return true;
      }
      if (this.#records[entry - 1]?.Id === id) return false;
    }
  }

  #grow(): void {
    const previous = this.#slots;
    const slots = new Int32Array(previous.length * 2);
    const mask = slots.length - 1;
    for (const entry of previous) {
      if (entry === 0) continue;
      let slot = hashId(this.#records[entry - 1]?.Id as string) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = entry;
    }
    this.#slots = slots;
    this.#mask = mask;
  }
}
