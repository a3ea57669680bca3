export * from './recall.module';
export * from './recall-worker.module';
export * from './recall.errors';
export * from './engine/incident-state';
export { escalationJobId, derogationRecallJobId } from './recall-scheduler';
