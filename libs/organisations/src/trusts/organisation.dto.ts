import { IsSiteOdsCode, IsTrustOdsCode, PageQueryDto } from '@app/core';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { DEPARTMENT_KINDS, DepartmentKind } from '../organisation.constants';
import { DepartmentRecord, SiteRecord, TrustRecord } from './organisation.repository';

export class CreateTrustDto {
  @ApiProperty({ example: 'RQM', description: '3-character ODS trust code' })
  @IsTrustOdsCode()
  odsCode: string;

  @ApiProperty({ example: 'Chelsea and Westminster Hospital NHS Foundation Trust' })
  @IsString()
  @Length(1, 200)
  name: string;
}

export class TrustResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() odsCode: string;
  @ApiProperty() name: string;
  @ApiProperty() createdAt: string;
}

export function toTrustResponse(trust: TrustRecord): TrustResponseDto {
  return { id: trust.id, odsCode: trust.odsCode, name: trust.name, createdAt: trust.createdAt.toISOString() };
}

export class CreateSiteDto {
  @ApiProperty({ example: 'RQM01', description: '5-character ODS site code' })
  @IsSiteOdsCode()
  odsSiteCode: string;

  @ApiProperty({ example: 'Chelsea and Westminster Hospital' })
  @IsString()
  @Length(1, 200)
  name: string;
}

export class SiteResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) trustId: string;
  @ApiProperty() odsSiteCode: string;
  @ApiProperty() name: string;
  @ApiProperty() createdAt: string;
}

export function toSiteResponse(site: SiteRecord): SiteResponseDto {
  return { id: site.id, trustId: site.trustId, odsSiteCode: site.odsSiteCode, name: site.name, createdAt: site.createdAt.toISOString() };
}

export class CreateDepartmentDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  siteId: string;

  @ApiProperty({ example: 'Emergency Department' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ enum: DEPARTMENT_KINDS })
  @IsIn(DEPARTMENT_KINDS)
  kind: DepartmentKind;
}

export class DepartmentListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  siteId?: string;
}

export class DepartmentResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) trustId: string;
  @ApiProperty({ format: 'uuid' }) siteId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: DEPARTMENT_KINDS }) kind: DepartmentKind;
  @ApiProperty() createdAt: string;
}

export function toDepartmentResponse(department: DepartmentRecord): DepartmentResponseDto {
  return {
    id: department.id,
    trustId: department.trustId,
    siteId: department.siteId,
    name: department.name,
    kind: department.kind,
    createdAt: department.createdAt.toISOString(),
  };
}
