/**
 * Wakes this process's subscriptions when this process appends. A change counter rather than a
 * bare event, so an append between a subscription's read and its wait is never missed.
 */
export class AppendNotifier {
  private changes = 0;
  private readonly waiters = new Set<() => void>();

  get version(): number {
    return this.changes;
  }

  notify(): void {
    this.changes += 1;
    for (const wake of [...this.waiters]) wake();
  }

  /**
   * Resolves at once when something changed since `seenVersion`, else on the next notify,
   * on abort, or after `timeoutMs` (omitted: no timeout). Leaves no timer or listener behind.
   */
  waitForChange(seenVersion: number, signal: AbortSignal, timeoutMs?: number): Promise<void> {
    if (this.changes !== seenVersion || signal.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const wake = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        signal.removeEventListener('abort', wake);
        this.waiters.delete(wake);
        resolve();
      };
      this.waiters.add(wake);
      signal.addEventListener('abort', wake, { once: true });
      if (timeoutMs !== undefined) timer = setTimeout(wake, timeoutMs);
    });
  }
}
