import { DateTime } from 'luxon';

/**
 * Walkout times are Europe/London wall-clock times (docs/domain.md); everything is stored in UTC.
 * This folder is the one home of time: conversion and parsing here, fast calendar arithmetic in
 * london-calendar.ts, constant-offset spans in london-offsets.ts, every written format in london-format.ts.
 */
export const LONDON = 'Europe/London';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** ISO 8601 with an explicit offset or Z — a time without one is ambiguous across BST/GMT, so refuse it. */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

export function parseInstantWithOffset(value: string): Date | null {
  if (!ISO_WITH_OFFSET.test(value)) return null;
  const parsed = DateTime.fromISO(value, { setZone: true });
  return parsed.isValid ? parsed.toJSDate() : null;
}

export function isIsoInstantWithOffset(value: unknown): boolean {
  return typeof value === 'string' && parseInstantWithOffset(value) !== null;
}

/** A local wall-clock time on a calendar date in London, as a UTC instant (DST-correct). */
export function londonWallClock(date: string, time: string): Date {
  const result = DateTime.fromISO(`${date}T${time}`, { zone: LONDON });
  if (!result.isValid) throw new Error(`Not a London wall-clock time: ${date} ${time}`);
  return result.toJSDate();
}

export function toUtcIso(value: Date): string {
  return value.toISOString();
}

export function wholeDaysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / DAY_MS);
}
