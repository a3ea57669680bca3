import { AppConfig } from '@app/core';

/** The absolute URL a request was made to, under the service's public base URL (for Bundle links). */
export function requestUrl(config: Pick<AppConfig, 'publicBaseUrl'>, url: string): URL {
  return new URL(url, `${config.publicBaseUrl}/`);
}

/** The absolute URL of a resource of this trust's FHIR base. */
export function resourceUrl(config: Pick<AppConfig, 'publicBaseUrl'>, trustId: string, type: string, id: string): string {
  return `${config.publicBaseUrl}/api/v1/trusts/${trustId}/fhir/R4/${type}/${id}`;
}
