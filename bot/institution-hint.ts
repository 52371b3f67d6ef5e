import { readFileSync } from 'node:fs';
import type { Activity, StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { UserProfile } from '../dialogs/deps.js';
import { contentInstitution } from '../dialogs/procedure-dialog.js';

// A bank that embeds the assistant names itself (embed.js data-institution="woori"); the page puts
// that id on every activity as channelData.institution, the way Web Chat puts the page's language
// in `locale`. The assistant then does not ask "which bank?" — unless the user changes it.
const ENTITIES = JSON.parse(readFileSync(new URL('../content/nlu/entities.json', import.meta.url), 'utf8')) as { institution: { id: string }[] };
const KNOWN_INSTITUTIONS: ReadonlySet<string> = new Set(ENTITIES.institution.map((entry) => entry.id));

/** The institution the page names, when it is one the assistant knows. */
export function institutionHint(activity: Partial<Activity>): string | undefined {
  const id = (activity.channelData as { institution?: unknown } | undefined)?.institution;
  return typeof id === 'string' && KNOWN_INSTITUTIONS.has(id) ? id : undefined;
}

/** Takes the page's institution as the user's, unless the user already has one (a choice of their own wins). */
export async function rememberInstitutionHint(context: TurnContext, profile: StatePropertyAccessor<UserProfile>): Promise<void> {
  const hint = institutionHint(context.activity);
  if (!hint) return;
  const current = await profile.get(context, {});
  if (current.institution) return;
  await profile.set(context, { ...current, institution: contentInstitution(hint) });
}
