import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CoverRequestView } from '../requests/cover-request.service';

/** For the OpenAPI document only: the answer is parsed by parseCoverAnswers (it arrives as JSON or as a form). */
export class CoverShiftAnswerDto {
  @ApiProperty({ format: 'uuid' }) assignmentId: string;
  @ApiProperty() accept: boolean;
}

export class CoverRequestAnswerDto {
  @ApiPropertyOptional({ type: [CoverShiftAnswerDto], description: 'one answer per shift' }) answers?: CoverShiftAnswerDto[];
  @ApiPropertyOptional({ description: 'instead of answers: accept (or decline) every shift still asked' }) accept?: boolean;
}

export class RequestedShiftDto {
  @ApiProperty({ format: 'uuid' }) assignmentId: string;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty() department: string;
  @ApiProperty() site: string;
  @ApiProperty({ enum: ['requested', 'accepted', 'declined', 'expired', 'withdrawn'] }) state: string;
  @ApiProperty({ description: 'when the request for this shift lapses' }) respondBy: string;
  @ApiProperty({ enum: ['resident', 'non-resident'] }) onCall: string;
}

export class CoverRequestResponseDto {
  @ApiProperty() trustName: string;
  @ApiProperty() givenName: string;
  @ApiProperty({ type: [RequestedShiftDto] }) shifts: RequestedShiftDto[];
  @ApiProperty({ nullable: true, type: String }) calendarUrl: string | null;
}

export function toCoverRequestResponse(view: CoverRequestView): CoverRequestResponseDto {
  return {
    trustName: view.trustName,
    givenName: view.givenName,
    calendarUrl: view.calendarUrl,
    shifts: view.shifts.map((s) => ({
      assignmentId: s.assignmentId,
      startsAt: s.startsAt.toISOString(),
      endsAt: s.endsAt.toISOString(),
      department: s.departmentName,
      site: s.siteName,
      state: s.state,
      respondBy: s.respondBy.toISOString(),
      onCall: s.onCall,
    })),
  };
}
