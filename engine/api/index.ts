/** The one contract between Tizmor's engine and every host and client. */
export * from './errors';
export * from './plan-file';
export * from './model';
export * from './runs';
export * from './planning';
export * from './triggers';
export * from './methods';
export * from './events';
export * from './client';
export * from './wire';
export * from './ws-transport';
export * from './bridge';
