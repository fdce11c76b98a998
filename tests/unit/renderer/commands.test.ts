import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../core/bridge/commands';
import { quoted } from '../../../renderer/src/app/Quote';
import { formatKey, matchesKey } from '../../../renderer/src/features/commands/keys';
import { matchCommands } from '../../../renderer/src/features/commands/CommandPalette';

const press = (
  key: string,
  mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {},
) => ({
  key,
  code: /^\d$/.test(key) ? `Digit${key}` : `Key${key.toUpperCase()}`,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('command keys', () => {
  it('match Ctrl or ⌘ with exactly the modifiers named', () => {
    expect(matchesKey('CmdOrCtrl+Shift+T', press('T', { ctrlKey: true, shiftKey: true }))).toBe(true);
    expect(matchesKey('CmdOrCtrl+Shift+T', press('t', { metaKey: true, shiftKey: true }))).toBe(true);
    expect(matchesKey('CmdOrCtrl+Shift+T', press('t', { ctrlKey: true }))).toBe(false);
    expect(matchesKey('CmdOrCtrl+I', press('i', { ctrlKey: true, altKey: true }))).toBe(false);
    expect(matchesKey('J', press('j'))).toBe(true);
    expect(matchesKey('J', press('j', { ctrlKey: true }))).toBe(false);
  });

  it('match digits by their key, whatever character Alt makes of them', () => {
    expect(
      matchesKey('CmdOrCtrl+Alt+1', { ...press('¡', { ctrlKey: true, altKey: true }), code: 'Digit1' }),
    ).toBe(true);
  });

  it('are written as each platform writes them', () => {
    expect(formatKey('CmdOrCtrl+Shift+P', false)).toBe('Ctrl+Shift+P');
    expect(formatKey('CmdOrCtrl+Shift+P', true)).toBe('⇧⌘P');
    expect(formatKey('Delete', true)).toBe('⌫');
  });
});

describe('the palette filter', () => {
  it('lists every command for no words, and keeps those whose words start with each typed', () => {
    expect(matchCommands('')).toHaveLength(COMMANDS.length);
    expect(matchCommands('over').map((c) => c.id)).toEqual(['view-overview']);
    expect(matchCommands('save proj').map((c) => c.id)).toEqual(['save-project-as']);
    expect(matchCommands('zzz')).toEqual([]);
  });
});

describe('quotation marks', () => {
  it('are added once: not again on a side where the passage has its own', () => {
    expect(quoted('it is possible')).toBe('“it is possible”');
    expect(quoted('“If the opposing side agrees”')).toBe('“If the opposing side agrees”');
    expect(quoted('“If the opposing side')).toBe('“If the opposing side”');
    expect(quoted('he said “no”')).toBe('“he said “no”');
  });
});
