export * from './walkout-rules';
export * from './walkouts.module';
export * from './walkout.service';
export type { WalkoutChange, WalkoutChangeCheck, WalkoutWindowShape } from './walkout-change';
export type { WalkoutRecord } from './walkout.repository';
export * from './sitrep/sitrep.service';
export type { SitrepCsvRow, SitrepSection, SitrepSectionResult } from './sitrep/sitrep-section';
export * from './walkouts.errors';
// Request DTOs and the sitrep's JSON shape, so the console validates and answers exactly as the API does.
export { CallOffDto, RecordWalkoutDto } from './dto/walkout.dto';
export { toSitrepResponse } from './dto/sitrep.dto';
export * from './walkouts/walkout-reads';
