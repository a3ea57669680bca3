import { ApiProperty } from '@nestjs/swagger';

export const DECLARATION_ANSWERS = ['yes', 'no'] as const;

export class DeclarationAnswerDto {
  @ApiProperty({ enum: DECLARATION_ANSWERS, description: 'yes: taking part in the industrial action that day; no: working' })
  answer: 'yes' | 'no';
}

export class DeclarationAnswerResponseDto {
  @ApiProperty({ example: '2026-01-12', description: 'the walkout day (the London date it begins on)' }) day: string;
  @ApiProperty({ enum: DECLARATION_ANSWERS }) answer: 'yes' | 'no';
}

/** The answer from JSON or the page's form; a problem names the field, as every refusal does. */
export function parseDeclarationAnswer(body: unknown): { ok: true; answer: 'yes' | 'no' } | { ok: false; details: { field: string; message: string }[] } {
  const value = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>).answer : undefined;
  if (value === 'yes' || value === 'no') return { ok: true, answer: value };
  return { ok: false, details: [{ field: 'answer', message: value === undefined ? 'Select yes or no' : 'must be yes or no' }] };
}
