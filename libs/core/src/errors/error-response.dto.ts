import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

export class ErrorDetailDto {
  @ApiPropertyOptional({ description: 'The request path of the offending value, e.g. `items[3].nhsNumber`; absent when no single field is at fault', example: 'email' })
  field?: string;

  @ApiProperty({ example: 'must be an email' })
  message: string;
}

/** The one error body, for OpenAPI. */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 }) statusCode: number;
  @ApiProperty({ description: 'Stable machine-readable code', example: 'VALIDATION_FAILED' }) code: string;
  @ApiProperty({ example: 'The request is not valid' }) message: string;
  @ApiProperty({ type: [ErrorDetailDto] }) details: ErrorDetailDto[];
  @ApiPropertyOptional({ description: 'Ids of stored objects the request collides with', type: 'object', additionalProperties: true }) conflict?: Record<string, string | string[]>;
  @ApiProperty({ description: 'Quote it when reporting a problem' }) requestId: string;
}

export interface DocumentedError {
  status: number;
  /** The codes this operation may answer with that status. */
  codes: string[];
  description: string;
}

/** Documents an operation's error answers, each with the error body schema and its codes. */
export function ApiErrorResponses(...errors: DocumentedError[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...errors.map((error) =>
      ApiResponse({
        status: error.status,
        description: `${error.description} (code: ${error.codes.join(', ')})`,
        type: ErrorResponseDto,
        ...(error.status === 429 || error.status === 503 ? { headers: { 'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer' } } } } : {}),
      }),
    ),
  );
}
