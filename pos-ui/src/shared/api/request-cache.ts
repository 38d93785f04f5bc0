/**
 * Remembers answers that cannot change (a published statement) so a page visited twice is
 * fetched once. A failure is forgotten at once, so "try again" really tries again.
 */
export class RequestCache {
  private readonly pending = new Map<string, Promise<unknown>>();

  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    let answer = this.pending.get(key) as Promise<T> | undefined;
    if (!answer) {
      answer = load();
      answer.catch(() => this.pending.delete(key));
      this.pending.set(key, answer);
    }
    return answer;
  }

  clear(): void {
    this.pending.clear();
  }
}
