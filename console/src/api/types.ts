// The HTTP contract's shapes, generated at build time (`npm run api-types`) from ../docs/openapi.json,
// which the engine's ApiSchemaTest keeps equal to the routes' declared schemas. Never write a shape
// here by hand: change the route's schema in the engine and regenerate.
import type { components } from './openapi.gen';

type Schemas = components['schemas'];

export type FieldType = Schemas['FieldType'];
export type FieldOption = Schemas['FieldOption'];
export type Field = Schemas['Field'];
export type Entity = Schemas['Entity'];
export type Value = Schemas['FieldValue'];
export type Values = Schemas['FieldValues'];
export type RecordData = Schemas['Record'];
export type RecordPage = Schemas['RecordPage'];
export type HistoryEntry = Schemas['HistoryEntry'];
export type User = Schemas['User'];
export type Session = Schemas['Session'];
export type OpenSession = Schemas['OpenSession'];
export type Task = Schemas['Task'];
export type ProcessInstance = Schemas['ProcessInstance'];
export type Activity = Schemas['Activity'];
export type StepFailure = Schemas['StepFailure'];
export type Incident = Schemas['Incident'];
export type ActionDescriptor = Schemas['ActionDescriptor'];
export type Problem = Schemas['Problem'];

// Request bodies.
export type Credentials = Schemas['Credentials'];
export type NewUser = Schemas['NewUser'];
export type UserChange = Schemas['UserChange'];
export type NewPassword = Schemas['NewPassword'];
export type NewRecord = Schemas['NewRecord'];
export type RecordChange = Schemas['RecordChange'];
export type TaskCompletion = Schemas['TaskCompletion'];

export function isAdmin(user: User): boolean {
  return user.roles.includes('admin');
}
