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
export type UserName = Schemas['UserName'];
export type Session = Schemas['Session'];
export type OpenSession = Schemas['OpenSession'];
export type Task = Schemas['Task'];
export type ProcessInstance = Schemas['ProcessInstance'];
export type Activity = Schemas['Activity'];
export type StepFailure = Schemas['StepFailure'];
export type Incident = Schemas['Incident'];
export type ActionDescriptor = Schemas['ActionDescriptor'];
export type Problem = Schemas['Problem'];
export type Money = Schemas['Money'];
export type StageRule = Schemas['StageRule'];
export type CardLayout = Schemas['CardLayout'];
export type CardSection = Schemas['CardSection'];
export type Rollup = Schemas['Rollup'];
export type LinkInverse = Schemas['LinkInverse'];
export type StoredEntityDefinition = Schemas['StoredEntityDefinition'];
export type DataLossItem = Schemas['DataLossItem'];
export type LinkedGroup = Schemas['LinkedGroup'];
export type LinkedItem = Schemas['LinkedItem'];
export type TimelineItem = Schemas['TimelineItem'];
export type Timeline = Schemas['Timeline'];
export type Reminder = Schemas['Reminder'];
export type Reminders = Schemas['Reminders'];
export type RecycleBin = Schemas['RecycleBin'];
export type BinItem = Schemas['RecycleBinEntry'];
export type SearchHit = Schemas['SearchHit'];
export type SearchResult = Schemas['SearchResult'];
export type Group = Schemas['RecordGroup'];
export type RecordGroups = Schemas['RecordGroups'];
export type SavedView = Schemas['View'];
export type Views = Schemas['Views'];
export type Job = Schemas['Job'];
export type JobStarted = Schemas['JobStarted'];
export type StoredFile = Schemas['StoredFile'];
export type ProcessInstanceView = Schemas['ProcessInstanceView'];
export type InstanceIncident = Schemas['InstanceIncident'];
export type StepSkip = Schemas['StepSkip'];
export type IncidentRetries = Schemas['IncidentRetries'];
export type IncidentRetry = Schemas['IncidentRetry'];
export type IncidentSkip = Schemas['IncidentSkip'];
export type ProcessDefinitionVersions = Schemas['ProcessDefinitionVersions'];
export type ProcessVersion = Schemas['ProcessVersion'];
export type MigrationPreview = Schemas['MigrationPreview'];
export type MigrationCandidate = Schemas['MigrationCandidate'];
export type MigrationResult = Schemas['MigrationResult'];
export type ActivityMapping = Schemas['ActivityMapping'];

export type TaskFormSummary = Schemas['TaskFormSummary'];
export type StoredTaskForm = Schemas['StoredTaskForm'];

// Request bodies.
export type Credentials = Schemas['Credentials'];
export type NewUser = Schemas['NewUser'];
export type UserChange = Schemas['UserChange'];
export type NewPassword = Schemas['NewPassword'];
export type NewRecord = Schemas['NewRecord'];
export type RecordChange = Schemas['RecordChange'];
export type TaskCompletion = Schemas['TaskCompletion'];
export type TaskComment = Schemas['TaskComment'];
export type NewTaskComment = Schemas['NewTaskComment'];
export type EntityDefinitionInput = Schemas['EntityDefinitionInput'];
export type FieldInput = Schemas['FieldInput'];
export type TaskFormInput = Schemas['TaskFormInput'];
export type NewComment = Schemas['NewComment'];
export type NewReminder = Schemas['NewReminder'];
export type FieldRestore = Schemas['FieldRestore'];
export type NewView = Schemas['NewView'];
export type BulkRequest = Schemas['BulkAction'];
export type IncidentRetryRequest = Schemas['IncidentRetryRequest'];
export type IncidentSkipRequest = Schemas['IncidentSkipRequest'];
export type MigrationRequest = Schemas['MigrationRequest'];

export function isAdmin(user: User): boolean {
  return user.roles.includes('admin');
}
export type Pipeline = Schemas['Pipeline'];
export type PipelineStage = Schemas['PipelineStage'];
export type PipelineBoard = Schemas['PipelineBoard'];
export type StageAutomation = Schemas['StageAutomation'];
export type StageAutomationItem = Schemas['StageAutomationItem'];
export type StageAutomations = Schemas['StageAutomations'];
export type PipelineColumn = Schemas['PipelineColumn'];
export type PipelineCard = Schemas['PipelineCard'];
export type StageMove = Schemas['StageMove'];
export type StageMoved = Schemas['StageMoved'];
export type StageRefusal = Schemas['StageRefusal'];
