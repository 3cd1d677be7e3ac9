// A bounded first-in-first-out list that keeps the newest `capacity` items.

export class Ring<T> {
  private items: T[] = [];

  constructor(private readonly capacity: number) {}

  push(item: T): void {
    if (this.capacity <= 0) return;
    this.items.push(item);
    if (this.items.length > this.capacity) this.items.shift();
  }

  /** oldest first */
  toArray(): T[] {
    return [...this.items];
  }

  get length(): number {
    return this.items.length;
  }

  clear(): void {
    this.items = [];
  }
}
