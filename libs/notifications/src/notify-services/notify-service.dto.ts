import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { NOTIFY_PURPOSES } from '../messages/notify-purpose';
import { NotifyServiceView } from './notify-service.service';
import { LETTER_POSTAGES } from './notify-service.rules';

export class NotifyServiceTemplatesDto {
  @ApiProperty({ format: 'uuid', description: 'The generic SMS template: `((body))`' })
  @IsUUID('all')
  sms: string;

  @ApiProperty({ format: 'uuid', description: 'The generic email template: subject `((subject))`, body `((body))`' })
  @IsUUID('all')
  email: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'The generic letter template; without one, letters are not sent' })
  @IsOptional()
  @IsUUID('all')
  letter?: string | null;

  @ApiPropertyOptional({
    description: `Per-purpose overrides: {purpose: {sms|email|letter: template id}}; purposes: ${NOTIFY_PURPOSES.join(', ')}`,
    example: { recall: { sms: '3f1ac5a6-1d55-4d0a-9f0e-5b8f6a1c2d3e' } },
  })
  @IsOptional()
  @IsObject()
  byPurpose?: Record<string, Record<string, string>>;
}

export class PutNotifyServiceDto {
  @ApiPropertyOptional({ description: 'The service’s live API key (`name-<service id>-<secret>`). Required when connecting; omit to keep the stored one. Never returned.' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  apiKey?: string;

  @ApiProperty({ type: NotifyServiceTemplatesDto })
  @ValidateNested()
  @Type(() => NotifyServiceTemplatesDto)
  templates: NotifyServiceTemplatesDto;

  @ApiPropertyOptional({ description: 'The bearer token given to Notify for its callbacks (≥ 32 characters). Required when connecting; omit to keep the stored one. Never returned.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  callbackToken?: string;

  @ApiPropertyOptional({ description: 'The service has an inbound number: staff can answer recall texts by text', default: false })
  @IsOptional()
  @IsBoolean()
  inboundSms?: boolean;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'Notify text message sender id (the name texts come from)' })
  @IsOptional()
  @IsUUID('all')
  smsSenderId?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'Notify email reply-to address id' })
  @IsOptional()
  @IsUUID('all')
  emailReplyToId?: string | null;

  @ApiPropertyOptional({ enum: LETTER_POSTAGES, nullable: true, type: String })
  @IsOptional()
  @IsIn(LETTER_POSTAGES)
  letterPostage?: string | null;

  @ApiPropertyOptional({ default: 3000, description: 'Requests per minute this key may make (GOV.UK Notify’s is 3,000 for a live key)' })
  @IsOptional()
  @IsInt()
  @Min(2)
  @Max(1_000_000)
  ratePerMinute?: number;
}

export class TestNotifyServiceDto {
  @ApiPropertyOptional({ description: 'A UK mobile to text (give this or email)', example: '07700 900123' })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  phoneNumber?: string;

  @ApiPropertyOptional({ description: 'An email address to write to (give this or phoneNumber)' })
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  email?: string;
}

export class NotifyServiceTemplatesResponseDto {
  @ApiProperty({ format: 'uuid' }) sms: string;
  @ApiProperty({ format: 'uuid' }) email: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) letter: string | null;
  @ApiProperty({ description: '{purpose: {channel: template id}}' }) byPurpose: Record<string, Record<string, string>>;
}

/** Never the key or the token: their last characters only. */
export class NotifyServiceResponseDto {
  @ApiProperty({ format: 'uuid' }) trustId: string;
  @ApiProperty({ format: 'uuid', description: 'The GOV.UK Notify service id (the key’s issuer)' }) serviceId: string;
  @ApiProperty({ example: '****22b0' }) apiKeyHint: string;
  @ApiProperty({ example: '****9f3a' }) callbackTokenHint: string;
  @ApiProperty({ type: NotifyServiceTemplatesResponseDto }) templates: NotifyServiceTemplatesResponseDto;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) smsSenderId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) emailReplyToId: string | null;
  @ApiProperty({ nullable: true, enum: LETTER_POSTAGES, type: String }) letterPostage: string | null;
  @ApiProperty() ratePerMinute: number;
  @ApiProperty() inboundSms: boolean;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'Who last changed it' }) updatedBy: string | null;
}

export class NotifyServiceTestResultDto {
  @ApiProperty({ enum: ['sms', 'email'] }) channel: string;
  @ApiProperty({ format: 'uuid', description: 'GOV.UK Notify’s id of the test message' }) notifyId: string;
}

export function toNotifyServiceResponse(view: NotifyServiceView): NotifyServiceResponseDto {
  return {
    trustId: view.trustId,
    serviceId: view.serviceId,
    apiKeyHint: view.apiKeyHint,
    callbackTokenHint: view.callbackTokenHint,
    templates: { sms: view.templates.sms, email: view.templates.email, letter: view.templates.letter, byPurpose: view.templates.byPurpose as Record<string, Record<string, string>> },
    smsSenderId: view.smsSenderId,
    emailReplyToId: view.emailReplyToId,
    letterPostage: view.letterPostage,
    ratePerMinute: view.ratePerMinute,
    inboundSms: view.inboundSms,
    createdAt: view.createdAt.toISOString(),
    updatedAt: view.updatedAt.toISOString(),
    updatedBy: view.updatedBy,
  };
}
