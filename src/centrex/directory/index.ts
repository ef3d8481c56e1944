export type { ChangeOptions } from './change-options.js';
export { createDevice, deleteDevice, getDevice, listDevices, updateDevice } from './device-service.js';
export type { DevicePage } from './device-service.js';
export type { Device } from './device.js';
export { deviceCreateSchema, devicePageSchema, deviceUpdateSchema } from './device-schema.js';
export type {
  CallForwarding,
  DigestHashName,
  Directory,
  DirectoryTenant,
  DirectoryUpdates,
  DirectoryUser,
  ForwardTarget,
  SipCredentials,
} from './directory.js';
export { forwardTargetText } from './forward-target.js';
export { InMemoryDirectory } from './in-memory-directory.js';
export { loadDirectory, refreshDirectory } from './load-directory.js';
export {
  createUser,
  createUsers,
  deleteUser,
  getUser,
  listUsers,
  setUserPassword,
  updateUser,
} from './user-service.js';
export type { UserPage, UserWithGeneratedPassword } from './user-service.js';
export { directoryUserFromRow } from './user.js';
export type { User } from './user.js';
export {
  userCreateSchema,
  userPageSchema,
  userPasswordSchema,
  userUpdateSchema,
  usersBulkSchema,
} from './user-schema.js';
