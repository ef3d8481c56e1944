export { DomainError, errorCatalogue, isDomainError } from './errors.js';
export type { ErrorCode, ErrorSpec, FieldError } from './errors.js';
