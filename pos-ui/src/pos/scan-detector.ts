/**
 * Tells a keyboard-wedge scanner from a person typing: a scanner sends its characters
 * within a few milliseconds of each other and ends with Enter. One listener on the
 * window (capture phase) swallows such a burst, so a scanned code never lands in the
 * quantity field, and hands the whole code to `onScan`.
 */
export interface ScanDetectorOptions {
  onScan: (code: string) => void;
  /** Most milliseconds between two keys of one scan. */
  maxGapMs?: number;
  /** Fewest characters a scan has. */
  minLength?: number;
  now?: () => number;
}

export class ScanDetector {
  private buffer = '';
  private last = 0;
  private readonly maxGapMs: number;
  private readonly minLength: number;
  private readonly now: () => number;

  constructor(private readonly options: ScanDetectorOptions) {
    this.maxGapMs = options.maxGapMs ?? 35;
    this.minLength = options.minLength ?? 6;
    this.now = options.now ?? (() => performance.now());
  }

  /**
   * Feeds one keydown. Returns true when the key belongs to a scan (the caller prevents
   * its default so it does not type into a field).
   */
  handleKey(key: string): boolean {
    const at = this.now();
    const fast = this.buffer.length > 0 && at - this.last <= this.maxGapMs;
    this.last = at;
    if (key === 'Enter') {
      const code = this.buffer;
      const wasScan = fast && code.length >= this.minLength;
      this.buffer = '';
      if (wasScan) this.options.onScan(code);
      return wasScan;
    }
    if (key.length !== 1) {
      this.buffer = '';
      return false;
    }
    this.buffer = fast ? this.buffer + key : key;
    // From the second fast key on, it is a scan in progress: keep it out of the fields.
    return this.buffer.length >= 2;
  }

  /** Listens on the window; returns the function that stops it. */
  attach(target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window): () => void {
    const typed: { element: HTMLInputElement; value: string } = { element: null!, value: '' };
    const listener = (event: Event) => {
      const key = (event as KeyboardEvent).key;
      const input = event.target instanceof HTMLInputElement ? event.target : null;
      // The first key of a burst already reached the field: remember its value before it.
      if (this.buffer.length === 0 && input) {
        typed.element = input;
        typed.value = input.value;
      }
      if (this.handleKey(key)) {
        event.preventDefault();
        event.stopPropagation();
        if (typed.element && typed.element.value !== typed.value) {
          typed.element.value = typed.value;
          typed.element.dispatchEvent(new Event('input', { bubbles: true }));
        }
      }
    };
    target.addEventListener('keydown', listener, true);
    return () => target.removeEventListener('keydown', listener, true);
  }
}
