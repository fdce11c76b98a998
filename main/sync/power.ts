import type { MenuCommand } from '../../core/bridge';

/** The part of Electron's `powerMonitor` this needs (an event emitter; a plain one in tests). */
export interface PowerEvents {
  on(event: 'suspend' | 'resume', listener: () => void): unknown;
}

/**
 * Tells the window when the computer goes to sleep and wakes (Electron's `powerMonitor`), as the
 * events `system-suspend` / `system-resume`: team sync pauses its live feed and retries before
 * sleep, and syncs at once on waking, from its checkpoint (docs/team-server.md, "Sleep").
 */
export function forwardPowerEvents(
  monitor: PowerEvents,
  send: (event: Extract<MenuCommand, 'system-suspend' | 'system-resume'>) => void,
): void {
  monitor.on('suspend', () => send('system-suspend'));
  monitor.on('resume', () => send('system-resume'));
}
