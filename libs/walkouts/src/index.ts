export * from './engine/walkout-rules';
export * from './walkouts.module';
export * from './walkouts/walkout.service';
export type { WalkoutChange, WalkoutChangeCheck, WalkoutWindowShape } from './walkouts/walkout-change';
export type { WalkoutRecord } from './walkouts/walkout.repository';
export * from './sitreps/sitrep.service';
export type { SitrepCsvRow, SitrepSection, SitrepSectionResult } from './sitreps/sitrep-section';
export * from './walkouts.errors';
// Request DTOs and the sitrep's JSON shape, so the console validates and answers exactly as the API does.
export { CallOffDto, RecordWalkoutDto } from './walkouts/walkout.dto';
export { toSitrepResponse } from './sitreps/sitrep.dto';
export * from './walkouts/walkout-reads';
