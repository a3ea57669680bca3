export * from './walkout-rules';
export * from './walkouts.module';
export * from './walkout.service';
export type { WalkoutRecord } from './walkout.repository';
