export { DomainError, errorCatalogue, isDomainError } from './errors.js';
export type { ErrorCode, ErrorSpec, FieldError } from './errors.js';
export { validateInput, validationFailed, zodFieldErrors } from './zod-field-errors.js';
