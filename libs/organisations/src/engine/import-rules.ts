import { ErrorDetail } from '@app/core';

/**
 * Cross-row checks of a bulk import (the DTO checks each row alone). Every problem is reported by row
 * index, so the trust can fix the whole file in one go rather than one error per attempt.
 */
export function duplicateKeyProblems<T>(items: T[], field: string, keyOf: (item: T) => string): ErrorDetail[] {
  const firstSeen = new Map<string, number>();
  const details: ErrorDetail[] = [];
  items.forEach((item, index) => {
    const key = keyOf(item);
    const first = firstSeen.get(key);
    if (first === undefined) firstSeen.set(key, index);
    else details.push({ field: `items[${index}].${field}`, message: `repeats items[${first}].${field} in the same import` });
  });
  return details;
}

export interface PlacementCheck {
  siteId?: string;
  departmentId?: string;
}

/** Sites and departments must be this trust's, and a department must be at the given site. */
export function placementProblems(items: PlacementCheck[], trustSites: Set<string>, departmentSites: Map<string, string>): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  items.forEach((item, index) => {
    if (item.siteId && !trustSites.has(item.siteId)) {
      details.push({ field: `items[${index}].siteId`, message: 'is not a site of this trust' });
    }
    if (item.departmentId) {
      const departmentSite = departmentSites.get(item.departmentId);
      if (!departmentSite) details.push({ field: `items[${index}].departmentId`, message: 'is not a department of this trust' });
      else if (item.siteId && departmentSite !== item.siteId) {
        details.push({ field: `items[${index}].departmentId`, message: 'is not at the given site' });
      }
    }
  });
  return details;
}

/** Row order in the error list follows the file, whichever check found the problem. */
export function byRowIndex(details: ErrorDetail[]): ErrorDetail[] {
  const rowOf = (detail: ErrorDetail): number => Number(/^items\[(\d+)\]/.exec(detail.field ?? '')?.[1] ?? -1);
  return [...details].sort((a, b) => rowOf(a) - rowOf(b));
}
