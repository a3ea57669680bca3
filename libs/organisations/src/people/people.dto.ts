import { IsGmcNumber, IsKebabCase, IsNhsNumber, IsUkMobile, PageQueryDto } from '@app/core';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDateString,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { CONTACT_CHANNELS, ContactChannel, MAX_IMPORT_ROWS, STAFF_GRADES, StaffGrade } from '../organisation.constants';
import { PatientRecord, StaffRecord, UpsertCounts } from './people.repository';

export class StaffImportItemDto {
  @ApiProperty({ example: 'C10001' })
  @Matches(/^[A-Za-z0-9-]{1,32}$/, { message: 'must be 1–32 letters, digits or dashes' })
  staffNumber: string;

  @ApiProperty() @IsString() @Length(1, 100) givenName: string;
  @ApiProperty() @IsString() @Length(1, 100) familyName: string;

  @ApiProperty({ enum: STAFF_GRADES })
  @IsIn(STAFF_GRADES)
  grade: StaffGrade;

  @ApiProperty({ example: 'emergency-medicine' })
  @IsKebabCase()
  @MaxLength(60)
  specialty: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() siteId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() departmentId?: string;
  @ApiPropertyOptional({ example: '07700 900123' }) @IsOptional() @IsUkMobile() mobile?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() @MaxLength(254) email?: string;
  @ApiPropertyOptional({ example: '1234567' }) @IsOptional() @IsGmcNumber() gmcNumber?: string;
}

export class StaffImportDto {
  @ApiProperty({ type: [StaffImportItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_IMPORT_ROWS)
  @ValidateNested({ each: true })
  @Type(() => StaffImportItemDto)
  items: StaffImportItemDto[];
}

export class PostalAddressDto {
  @ApiProperty({ example: ['369 Fulham Road', 'London'], description: '1–6 lines, without the postcode' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(6)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  lines: string[];

  @ApiProperty({ example: 'SW10 9NH' })
  @Matches(/^\s*[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2}\s*$/, { message: 'must be a UK postcode' })
  postcode: string;
}

export class PatientImportItemDto {
  @ApiProperty({ example: '9434765919' }) @IsNhsNumber() nhsNumber: string;
  @ApiProperty() @IsString() @Length(1, 100) givenName: string;
  @ApiProperty() @IsString() @Length(1, 100) familyName: string;

  @ApiProperty({ example: '1961-04-23' })
  @IsDateString({ strict: true, strictSeparator: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date as YYYY-MM-DD' })
  dateOfBirth: string;

  @ApiPropertyOptional() @IsOptional() @IsUkMobile() mobile?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() @MaxLength(254) email?: string;

  @ApiPropertyOptional({ type: PostalAddressDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PostalAddressDto)
  address?: PostalAddressDto;

  @ApiPropertyOptional({ enum: CONTACT_CHANNELS }) @IsOptional() @IsIn(CONTACT_CHANNELS) preferredChannel?: ContactChannel;
}

export class PatientImportDto {
  @ApiProperty({ type: [PatientImportItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_IMPORT_ROWS)
  @ValidateNested({ each: true })
  @Type(() => PatientImportItemDto)
  items: PatientImportItemDto[];
}

export class ImportResultDto {
  @ApiProperty() received: number;
  @ApiProperty() created: number;
  @ApiProperty() updated: number;
}

export function toImportResult(received: number, counts: UpsertCounts): ImportResultDto {
  return { received, created: counts.created, updated: counts.updated };
}

export class StaffListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: STAFF_GRADES }) @IsOptional() @IsIn(STAFF_GRADES) grade?: StaffGrade;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() siteId?: string;
}

export class StaffResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() staffNumber: string;
  @ApiProperty() givenName: string;
  @ApiProperty() familyName: string;
  @ApiProperty({ enum: STAFF_GRADES }) grade: StaffGrade;
  @ApiProperty() specialty: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) siteId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) departmentId: string | null;
  @ApiProperty({ nullable: true, type: String }) mobile: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ nullable: true, type: String }) gmcNumber: string | null;
}

export function toStaffResponse(staff: StaffRecord): StaffResponseDto {
  return {
    id: staff.id,
    staffNumber: staff.staffNumber,
    givenName: staff.givenName,
    familyName: staff.familyName,
    grade: staff.grade,
    specialty: staff.specialty,
    siteId: staff.siteId,
    departmentId: staff.departmentId,
    mobile: staff.mobile,
    email: staff.email,
    gmcNumber: staff.gmcNumber,
  };
}

export class PageOfStaffDto {
  @ApiProperty({ type: [StaffResponseDto] }) items: StaffResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class PatientListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '9434765919', description: 'Exact match; spaces allowed ("943 476 5919"); must pass the modulus 11 check' })
  @IsOptional()
  @IsNhsNumber()
  nhsNumber?: string;

  @ApiPropertyOptional({ example: 'sam pat', description: 'Part of a name: every word must appear in the given or family name (case-insensitive)' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;
}

export class PatientAddressResponseDto {
  @ApiProperty({ type: [String] }) lines: string[];
  @ApiProperty() postcode: string;
}

export class PatientResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() nhsNumber: string;
  @ApiProperty() givenName: string;
  @ApiProperty() familyName: string;
  @ApiProperty({ example: '1961-04-23' }) dateOfBirth: string;
  @ApiProperty({ nullable: true, type: String, description: 'E.164, e.g. +447700900123' }) mobile: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ nullable: true, type: PatientAddressResponseDto }) address: PatientAddressResponseDto | null;
  @ApiProperty({ nullable: true, enum: CONTACT_CHANNELS }) preferredChannel: ContactChannel | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export function toPatientResponse(patient: PatientRecord): PatientResponseDto {
  return {
    id: patient.id,
    nhsNumber: patient.nhsNumber,
    givenName: patient.givenName,
    familyName: patient.familyName,
    dateOfBirth: patient.dateOfBirth,
    mobile: patient.mobile,
    email: patient.email,
    address: patient.addressLines && patient.postcode ? { lines: patient.addressLines, postcode: patient.postcode } : null,
    preferredChannel: patient.preferredChannel,
    createdAt: patient.createdAt.toISOString(),
    updatedAt: patient.updatedAt.toISOString(),
  };
}

export class PageOfPatientsDto {
  @ApiProperty({ type: [PatientResponseDto] }) items: PatientResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
