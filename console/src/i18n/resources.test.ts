/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import en from './en.json';
import ru from './ru.json';

type Tree = { [key: string]: string | Tree };

function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`))).sort();
}

function placeholders(tree: Tree): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const walk = (t: Tree, prefix: string) => {
    for (const [k, v] of Object.entries(t)) {
      if (typeof v === 'string') out[`${prefix}${k}`] = [...v.matchAll(/\{\{(\w+)\}\}/g)].map(m => m[1]).sort();
      else walk(v, `${prefix}${k}.`);
    }
  };
  walk(tree, '');
  return out;
}

describe('translations', () => {
  it('have the same keys in Russian and English', () => {
    const missingInRu = keys(en).filter(k => !keys(ru).includes(k));
    const missingInEn = keys(ru).filter(k => !keys(en).includes(k));
    expect({ missingInRu, missingInEn }).toEqual({ missingInRu: [], missingInEn: [] });
  });

  it('use the same placeholders in both languages', () => {
    expect(placeholders(ru)).toEqual(placeholders(en));
  });

  it('leave no string empty', () => {
    const empty = (t: Tree): string[] => keys(t).filter(k => k.split('.').reduce<Tree | string>((n, p) => (n as Tree)[p], t) === '');
    expect([...empty(en), ...empty(ru)]).toEqual([]);
  });
});

describe('the code', () => {
  it('uses only keys that both languages have', () => {
    // Every source file's text, through Vite (vitest runs on it), so no Node types are needed.
    const sources = import.meta.glob(['../**/*.ts', '../**/*.tsx', '!../**/*.test.ts'], { query: '?raw', import: 'default', eager: true });
    const known = keys(en);
    const used = Object.values(sources).flatMap(text => [...String(text).matchAll(/\bt\(\s*'([a-zA-Z]+\.[\w.]+)'/g)].map(m => m[1]));
    expect(used.length).toBeGreaterThan(20);
    expect(used.filter(k => !known.includes(k))).toEqual([]);
    // Keys built at run time (`filter.op.${op}`) need their group in both languages.
    const groups = Object.values(sources).flatMap(text => [...String(text).matchAll(/\bt\(\s*`([a-zA-Z]+\.[\w.]+)\.\$\{/g)].map(m => m[1]));
    expect(groups.length).toBeGreaterThan(3);
    expect(groups.filter(g => !known.some(k => k.startsWith(`${g}.`)))).toEqual([]);
  });
});
