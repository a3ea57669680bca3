import { FhirResource } from './resources-out';

/* eslint-disable @typescript-eslint/no-explicit-any -- FHIR JSON out */

/**
 * A searchset Bundle of one page: `self` is the request as made, `next` the same search from the
 * cursor after the page's last row (keyset paging: stable while rows are added, no offsets).
 */
export function searchsetBundle(selfUrl: URL, resources: FhirResource[], nextCursor: string | null, resourceUrl: (resource: FhirResource) => string): Record<string, any> {
  const link = [{ relation: 'self', url: selfUrl.toString() }];
  if (nextCursor) {
    const next = new URL(selfUrl.toString());
    next.searchParams.set('_cursor', nextCursor);
    link.push({ relation: 'next', url: next.toString() });
  }
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    link,
    entry: resources.map((resource) => ({ fullUrl: resourceUrl(resource), resource, search: { mode: 'match' } })),
  };
}
