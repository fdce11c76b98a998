import { describe, expect, it } from 'vitest';
import { COMMAND_MENUS, COMMANDS } from '../../../core/bridge/commands';
import { MENU_COMMANDS } from '../../../core/bridge/channels';
import { commandItems } from '../../../main/menu-items';

const noop = () => () => undefined;

describe('the application menu built from the command table', () => {
  const items = COMMAND_MENUS.flatMap((m) => commandItems(m, noop)).filter((i) => i.type !== 'separator');

  it('has every command of the table exactly once, under its menu, with its key shown', () => {
    expect(items.map((i) => i.id).sort()).toEqual(COMMANDS.map((c) => c.id).sort());
    for (const c of COMMANDS) {
      const item = commandItems(c.menu, noop).find((i) => i.id === c.id);
      expect(item?.label).toBe(c.label);
      expect(item?.accelerator).toBe('key' in c ? c.key : undefined);
    }
  });

  it('shows keys without registering them: the renderer runs each key once', () => {
    for (const item of items.filter((i) => i.accelerator)) expect(item.registerAccelerator).toBe(false);
  });

  it('separates groups with a line, never two lines in a row or one at an end', () => {
    for (const m of COMMAND_MENUS) {
      const types = commandItems(m, noop).map((i) => i.type ?? 'normal');
      expect(types[0]).not.toBe('separator');
      expect(types.at(-1)).not.toBe('separator');
      expect(types.join(' ')).not.toContain('separator separator');
    }
  });

  it('sends, as a menu command, each id the preload lets through', () => {
    const sent: string[] = [];
    for (const m of COMMAND_MENUS)
      for (const i of commandItems(m, (c) => () => sent.push(c))) (i.click as (() => void) | undefined)?.();
    expect(sent.every((c) => (MENU_COMMANDS as readonly string[]).includes(c))).toBe(true);
    expect(sent).toHaveLength(COMMANDS.length);
  });

  it('gives no two commands the same key', () => {
    const keys = COMMANDS.flatMap((c) => ('key' in c ? [c.key] : []));
    expect(new Set(keys).size).toBe(keys.length);
  });
});
