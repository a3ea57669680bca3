// The notifications lib's testing surface (`@app/notifications/testing`): a GOV.UK Notify-compatible
// server for tests and benchmarks. Test-only: excluded from the build.
export * from './notify-test-server';
// Parts a test wires by hand when it builds a lib's service without Nest.
export { MessageBudgetRepository } from '../src/limits/message-budget.repository';
export { MessagingMetrics } from '../src/operations/messaging-metrics';
