import type { TaskFormSummary } from '../../api/types';
import { pickLabel } from '../../entities';

/** The user task's form picker: each task form by key, labelled in `language` with its key beside it. */
export function formKeyOptions(forms: TaskFormSummary[], language: string): { value: string; label: string }[] {
  return forms.map(f => ({ value: f.key, label: `${pickLabel(f.label, f.labels, language)} (${f.key})` }));
}
