import type { VFile } from 'vfile';
import { report } from '../../../messages/diagnostics.js';
import { pointerTo } from './json.js';

// A ninjs document's shape, whatever its version: the items a file holds, the members of an item
// in either spelling (1.x lowercase, 3.x camelCase), what an item inherits from the package
// around it, and its associations. What the members mean for a story is ninjs.ts's.

export type Json = Record<string, unknown>;
export type Version = 1 | 2 | 3;
export type Where = (pointer: string) => { line: number; column: number } | undefined;

export interface Item {
  json: Json;
  /** JSON pointer of the item in the file: `''` for the whole file, `/associations/0`. */
  pointer: string;
  version: Version;
  /** The item whose association this is: a package lends its stories language, rights and embargo. */
  parent: Item | null;
  /** Its name among the parent's associations (`featuremedia`, `a001`). */
  name: string;
}

export interface Found<T> {
  value: T;
  pointer: string;
}

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The items a file holds: one, a list, or AP's API answer (`data.item`, `data.items[].item`). */
export function itemsOf(file: VFile, value: unknown, where: Where): Item[] | null {
  const item = (json: Json, pointer: string): Item => ({ json, pointer, version: versionOf(json, 1), parent: null, name: '' });
  const list = (values: unknown[], pointer: string): Item[] | null => {
    const items: Item[] = [];
    for (const [index, entry] of values.entries()) {
      const at = pointerTo(pointer, index);
      if (isObject(entry) && isObject(entry['item']) && !looksLikeItem(entry)) items.push(item(entry['item'], pointerTo(at, 'item')));
      else if (isObject(entry)) items.push(item(entry, at));
      else {
        report(file, `item \`${at}\` is not a ninjs item but ${kindOf(entry)}`, { place: where(at), ruleId: 'malformed-file', hint: 'a list of items holds JSON objects, one a story' });
        return null;
      }
    }
    if (items.length === 0) report(file, 'file holds an empty list: an article needs a headline', { place: where(pointer), ruleId: 'no-headline', hint: 'a ninjs file holds one item, or a list of them' });
    return items.length === 0 ? null : items;
  };
  if (Array.isArray(value)) return list(value, '');
  if (!isObject(value)) {
    report(file, `file is not a ninjs item but ${kindOf(value)}`, { place: { line: 1, column: 1 }, ruleId: 'malformed-file', hint: 'a ninjs file holds one item, a JSON object, or a list of them' });
    return null;
  }
  if (!looksLikeItem(value) && isObject(value['data'])) {
    const data = value['data'];
    if (isObject(data['item'])) return [item(data['item'], '/data/item')];
    if (Array.isArray(data['items'])) return list(data['items'], '/data/items');
  }
  return [item(value, '')];
}

export function looksLikeItem(json: Json): boolean {
  return ['uri', 'type', 'headline', 'headlines', 'bodies', 'versioncreated', 'versionCreated'].some((key) => key in json) || Object.keys(json).some((key) => key.startsWith('body_'));
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'string' ? 'a string' : typeof value === 'number' ? 'a number' : `a ${typeof value}`;
}

// Names only 3.x writes in camelCase, and shapes only 2.x and 3.x have.
const CAMEL_CASE = ['versionCreated', 'firstCreated', 'contentCreated', 'pubStatus', 'edNote', 'embargoedUntil', 'copyrightHolder', 'copyrightNotice', 'usageTerms', 'altIds', 'infoSources', 'representationType', 'rightsInfo', 'trustIndicators'];
const ARRAYS = ['headlines', 'bodies', 'descriptions', 'subjects', 'people', 'places', 'organisations', 'genres', 'by'];

/** The ninjs version an item says it follows (`$standard`, `standard`), or the one its names show. */
export function versionOf(json: Json, otherwise: Version): Version {
  const standard = json['$standard'] ?? json['standard'];
  if (isObject(standard) && (standard['name'] === undefined || /ninjs/i.test(String(standard['name'])))) {
    const major = Number(/^\s*(\d+)/.exec(String(standard['version'] ?? ''))?.[1]);
    if (major === 1 || major === 2 || major === 3) return major;
  }
  if (CAMEL_CASE.some((key) => key in json)) return 3;
  if (ARRAYS.some((key) => key in json) || Array.isArray(json['renditions']) || Array.isArray(json['associations'])) return 2;
  if (['headline', 'byline', 'versioncreated', 'firstcreated', 'pubstatus', 'subject'].some((key) => key in json) || isObject(json['renditions'])) return 1;
  return otherwise;
}

/** A member by its name, in the spelling of the item's version first (`versionCreated`, `versioncreated`). */
export function member(item: Item, name: string): Found<unknown> | undefined {
  const lower = name.toLowerCase();
  const spellings = lower === name ? [name] : item.version === 3 ? [name, lower] : [lower, name];
  for (const key of spellings) {
    const value = item.json[key];
    if (value !== undefined && value !== null) return { value, pointer: pointerTo(item.pointer, key) };
  }
  return undefined;
}

/** A member that is text, trimmed; blank or not a string is not there. */
export function textOf(item: Item, ...names: string[]): Found<string> | undefined {
  for (const name of names) {
    const found = member(item, name);
    if (typeof found?.value === 'string' && found.value.trim() !== '') return { value: found.value.trim(), pointer: found.pointer };
  }
  return undefined;
}

/** A member from the item or the package it came in. */
export function inherited<T>(item: Item, look: (item: Item) => T | undefined): T | undefined {
  for (let at: Item | null = item; at; at = at.parent) {
    const found = look(at);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Entries of a list, or of an object keyed by name (1.x renditions and associations). */
export function entriesOf(found: Found<unknown> | undefined): { key: string; value: Json; pointer: string }[] {
  if (!found) return [];
  const pairs: [string, unknown][] = Array.isArray(found.value) ? found.value.map((value, index) => [String(index), value]) : isObject(found.value) ? Object.entries(found.value) : [];
  return pairs.flatMap(([key, value]) => (isObject(value) ? [{ key, value, pointer: pointerTo(found.pointer, key) }] : []));
}

/** The nature of an item: `text`, `picture`… (`ninat:picture` and the code's URI read the same). */
export function typeOf(item: Item): string {
  const type = item.json['type'];
  return typeof type === 'string' ? type.trim().toLowerCase().replace(/^.*[:/]/, '') : '';
}

// Packages nest a story's pictures in the story; deeper than this is no news agency's, and a
// hostile file nested ten thousand deep is not walked.
const MAX_NESTING = 8;

export function associationsOf(item: Item): Item[] {
  let depth = 0;
  for (let at = item.parent; at; at = at.parent) depth++;
  if (depth >= MAX_NESTING) return [];
  return entriesOf(member(item, 'associations')).map(({ key, value, pointer }) => ({
    json: value,
    pointer,
    version: versionOf(value, item.version),
    parent: item,
    name: typeof value['name'] === 'string' ? value['name'] : key,
  }));
}

/** The media type an item or a rendition declares, in any of the versions' spellings; lowercase. */
export function contentTypeOf(json: Json): string {
  const type = json['contentType'] ?? json['contenttype'] ?? json['mimetype'];
  return typeof type === 'string' ? type.trim().toLowerCase() : '';
}
