// The public surface of the console lib: the API imports from '@app/console' only.
export * from './console.module';
