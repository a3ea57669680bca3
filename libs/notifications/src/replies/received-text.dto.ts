import { ApiProperty } from '@nestjs/swagger';

/** GOV.UK Notify's received text message callback, for the document only: the route checks it by hand. */
export class ReceivedTextCallbackDto {
  @ApiProperty({ format: 'uuid', description: 'Notify’s id of the received text' }) id: string;
  @ApiProperty({ example: '447700900123', description: 'Who sent it' }) source_number: string;
  @ApiProperty({ example: '07797800000', description: 'The service’s inbound number' }) destination_number: string;
  @ApiProperty({ example: 'YES 20' }) message: string;
  @ApiProperty({ example: '2026-01-12T08:01:02.000Z' }) date_received: string;
}

export class ReceivedTextResultDto {
  @ApiProperty({
    enum: ['answered', 'unmatched', 'no-match', 'pending'],
    description:
      'answered: the reply did what it says (e.g. a recall answer); unmatched: kept for the control room to read (…/unmatched-replies); no-match: no message of ours went to that number (kept); pending: another delivery of the same text is being handled',
  })
  outcome: string;
  @ApiProperty({ description: 'Notify had delivered this text before: nothing more was done' }) repeat: boolean;
}
