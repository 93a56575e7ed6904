import { readFileSync } from 'node:fs';
import { isDomainError, validateConcert, validateSaleInput } from '@boxoffice/core';
import { ConfigError } from './config.js';

/** What BOXOFFICE_CATALOG holds: concerts, and the sales that sell them (none: the host makes `default`). */
export interface CatalogFile {
  readonly concerts: readonly unknown[];
  readonly sales: readonly unknown[];
}

/**
 * Reads BOXOFFICE_CATALOG: `{ "concerts": [...], "sales": [...] }`, or a bare
 * array of concerts (the first release's form). Parse faults name the file;
 * the concerts and sales themselves are validated by core when published.
 */
export function readCatalogFile(path: string, name = 'BOXOFFICE_CATALOG'): CatalogFile {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${name} file ${path} cannot be read: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new ConfigError(`${name} file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  return catalogShape(parsed, `${name} file ${path}`);
}

/** Either form, checked for shape only: a non-empty concert array, and a sales array when given. */
export function catalogShape(parsed: unknown, where: string): CatalogFile {
  if (Array.isArray(parsed)) {
    if (parsed.length === 0) throw new ConfigError(`${where} must hold a non-empty JSON array of concerts`);
    return { concerts: parsed, sales: [] };
  }
  if (parsed === null || typeof parsed !== 'object') {
    throw new ConfigError(`${where} must hold { "concerts": [...], "sales": [...] } or a non-empty JSON array of concerts`);
  }
  const { concerts, sales, ...rest } = parsed as Record<string, unknown>;
  if (!Array.isArray(concerts) || concerts.length === 0) {
    throw new ConfigError(`${where} must hold a non-empty JSON array of concerts (or { "concerts": [...], "sales": [...] })`);
  }
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new ConfigError(`${where}: unknown field ${JSON.stringify(unknown[0])} (expected concerts and sales)`);
  if (sales !== undefined && !Array.isArray(sales)) throw new ConfigError(`${where}: "sales" must be an array`);
  return { concerts, sales: sales ?? [] };
}

/**
 * Checks the whole file before anything is stored, so a bad file stores
 * nothing: every concert, and every sale's fields and schedules (which must
 * be in the file or in the store already). Core validates again on publish.
 */
export function checkCatalogFile(file: CatalogFile, path: string, storedScheduleIds: readonly string[], now: number, name = 'BOXOFFICE_CATALOG'): void {
  const where = `${name} file ${path}`;
  const schedules = new Set(storedScheduleIds);
  try {
    file.concerts.forEach((c, i) => {
      for (const s of validateConcert(c, `concerts[${i}]`).schedules) schedules.add(s.id);
    });
    file.sales.forEach((input, i) => {
      validateSaleInput(input, now, `sales[${i}]`).scheduleIds.forEach((id, j) => {
        if (!schedules.has(id)) throw new ConfigError(`${where}: sales[${i}].scheduleIds[${j}]: no schedule ${id}`);
      });
    });
  } catch (error) {
    if (isDomainError(error, 'validation_failed')) throw new ConfigError(`${where}: ${error.message}`);
    throw error;
  }
}
