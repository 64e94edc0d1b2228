/**
 * The bridge to class-validator and class-transformer, loaded lazily: DTO validation and the
 * JSON Schema generated from a DTO.
 */
export { schemaFromDto } from "./dto-schema";
export { validateDto } from "./validate-dto";
export type { DtoValidation, ValidateDtoOptions, ValidationDetail } from "./validate-dto";
