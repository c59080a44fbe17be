/** OTP behaviours built on the process runtime. Each behaviour has its own file. */
export {};
export { Registry, type RegistryOptions, type RegistryEntry, type RegistryKeys, type RegistryRef } from './registry.js';
