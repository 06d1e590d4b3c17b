import packageJson from '../../package.json';

/** The version in package.json, shown by `system.status` and the CLI. */
export const APP_VERSION: string = packageJson.version;
