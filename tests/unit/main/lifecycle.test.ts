import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { guardClose, OpenedFiles, type GuardedWindow } from '../../../main/lifecycle';

/** A window as Electron drives it: `close()` emits a preventable `close`, then `closed`. */
class FakeWindow extends EventEmitter implements GuardedWindow {
  destroyed = false;
  crashed = false;
  loading = false;
  webContents = { isCrashed: () => this.crashed, isLoading: () => this.loading };
  close(): void {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (prevented) return;
    this.destroyed = true;
    this.emit('closed');
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

describe('closing waits for the last backup', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('asks the renderer once, and closes when it answers', () => {
    const win = new FakeWindow();
    const ask = vi.fn();
    const ready = guardClose(win, ask, 15_000);
    win.close();
    expect(win.destroyed).toBe(false);
    win.close(); // asked again (Cmd+Q twice): the renderer is not asked twice
    expect(ask).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(14_000);
    expect(win.destroyed).toBe(false);
    ready();
    expect(win.destroyed).toBe(true);
    ready(); // a late answer does nothing
    vi.advanceTimersByTime(5_000);
    expect(win.destroyed).toBe(true);
  });

  it('closes anyway when the renderer does not answer in time', () => {
    const win = new FakeWindow();
    guardClose(win, () => {}, 15_000);
    win.close();
    vi.advanceTimersByTime(14_999);
    expect(win.destroyed).toBe(false);
    vi.advanceTimersByTime(1);
    expect(win.destroyed).toBe(true);
  });

  it('closes at once when the renderer crashed or is still loading (nothing to back up)', () => {
    for (const state of ['crashed', 'loading'] as const) {
      const win = new FakeWindow();
      win[state] = true;
      const ask = vi.fn();
      guardClose(win, ask, 15_000);
      win.close();
      expect(win.destroyed).toBe(true);
      expect(ask).not.toHaveBeenCalled();
    }
  });
});

describe('project files opened from the operating system', () => {
  it('keeps the .gloss files of each hand-over until the renderer takes them, telling it each time', () => {
    const notify = vi.fn();
    const opened = new OpenedFiles(notify);
    opened.add(['/opt/Gloss/gloss', '--no-sandbox', '/home/dana/a.gloss']); // first launch's argv
    opened.add(['/home/dana/notes.txt']); // nothing to open: nobody is told
    opened.add(['/Users/bea/B.GLOSS']); // macOS open-file
    expect(notify).toHaveBeenCalledTimes(2);
    expect(opened.take()).toEqual(['/home/dana/a.gloss', '/Users/bea/B.GLOSS']);
    expect(opened.take()).toEqual([]);
  });
});
