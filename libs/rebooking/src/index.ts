export * from './rebooking.module';
export * from './rebooking-worker.module';
export { RebookingRunService } from './rebooking-run.service';
