import { ErrorBody, ErrorDetail } from '@app/core';
import { SYSTEM } from '../engine/systems';

/* eslint-disable @typescript-eslint/no-explicit-any -- FHIR JSON */

export interface OperationOutcomeIssue {
  severity: 'fatal' | 'error' | 'warning' | 'information';
  code: string;
  details?: { coding?: { system: string; code: string }[]; text?: string };
  diagnostics?: string;
  expression?: string[];
}

export interface OperationOutcome {
  resourceType: 'OperationOutcome';
  id?: string;
  issue: OperationOutcomeIssue[];
}

/** The FHIR issue type (IssueType value set) of an HTTP status. */
function issueTypeOf(status: number): string {
  switch (status) {
    case 400:
      return 'invalid';
    case 401:
      return 'login';
    case 403:
      return 'forbidden';
    case 404:
      return 'not-found';
    case 405:
    case 415:
      return 'not-supported';
    case 409:
      return 'conflict';
    case 413:
      return 'too-costly';
    case 422:
      return 'business-rule';
    case 429:
      return 'throttled';
    case 503:
      return 'transient';
    default:
      return status >= 500 ? 'exception' : 'processing';
  }
}

const FHIR_PATH = /^(Bundle|Appointment|Slot|Patient|Location|Practitioner|Schedule)(\.|\[|$)/;

/**
 * The service's error body as an OperationOutcome: its code in `details.coding` (system
 * SYSTEM.errorCode, the codes of docs/errors.md) on every issue, one issue per detail. A detail naming an
 * element of a resource carries it as `expression` (FHIRPath); one naming a query parameter or header
 * says so in `diagnostics`. The request id is the outcome's `id` (and the X-Request-Id header).
 */
export function toOperationOutcome(body: ErrorBody): OperationOutcome {
  const coding = [{ system: SYSTEM.errorCode, code: body.code }];
  const issueOf = (detail: ErrorDetail | null): OperationOutcomeIssue => {
    const issue: OperationOutcomeIssue = {
      severity: body.statusCode >= 500 ? 'fatal' : 'error',
      code: detail?.code && /^[a-z-]+$/.test(detail.code) ? detail.code : issueTypeOf(body.statusCode),
      details: { coding, text: detail ? detail.message : body.message },
    };
    if (detail?.field && FHIR_PATH.test(detail.field)) issue.expression = [detail.field];
    else if (detail?.field) issue.diagnostics = `${detail.field}: ${detail.message}`;
    if (!detail) issue.diagnostics = body.message;
    return issue;
  };
  const issue = body.details.length ? body.details.map(issueOf) : [issueOf(null)];
  return { resourceType: 'OperationOutcome', id: body.requestId, issue };
}

/** The OpenAPI schema of the outcome (the FHIR routes' error responses). */
export const OPERATION_OUTCOME_SCHEMA: any = {
  type: 'object',
  description: `A FHIR R4 OperationOutcome: every issue carries the service's error code in details.coding (system ${SYSTEM.errorCode}); its id is the request id (X-Request-Id).`,
  required: ['resourceType', 'issue'],
  properties: {
    resourceType: { type: 'string', enum: ['OperationOutcome'] },
    issue: {
      type: 'array',
      items: {
        type: 'object',
        required: ['severity', 'code'],
        properties: {
          severity: { type: 'string', enum: ['fatal', 'error', 'warning', 'information'] },
          code: { type: 'string', example: 'invalid' },
          details: {
            type: 'object',
            properties: {
              coding: { type: 'array', items: { type: 'object', properties: { system: { type: 'string' }, code: { type: 'string', example: 'VALIDATION_FAILED' } } } },
              text: { type: 'string' },
            },
          },
          diagnostics: { type: 'string' },
          expression: { type: 'array', items: { type: 'string', example: 'Bundle.entry[3].resource.identifier[0].value' } },
        },
      },
    },
  },
};
