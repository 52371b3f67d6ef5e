import type { ContentIssue, Loaded } from './issues.js';
import { TroubleId, type Faq, type Fixes, type Procedure, type TroubleAction, type TroubleTree } from './schema.js';

/** What the trouble files may point at outside themselves. */
export interface TroubleTargets {
  faq: readonly Faq[];
  procedures: readonly Procedure[];
}

/**
 * The rules a schema cannot express: the dialog engine follows `next` and action targets blindly,
 * so a dangling name or an unreachable card must fail at load time, not in front of a user.
 */
export function troubleIssues(trees: Loaded<TroubleTree>[], fixes: Loaded<{ fixes: Fixes }>, targets: TroubleTargets): ContentIssue[] {
  return [
    ...oneTreePerTrouble(trees),
    ...trees.flatMap((tree) => treeIssues(tree, targets)),
    ...fixesIssues(fixes, targets),
  ];
}

function oneTreePerTrouble(trees: Loaded<TroubleTree>[]): ContentIssue[] {
  const issues: ContentIssue[] = [];
  for (const id of TroubleId.options) {
    const [first, ...extra] = trees.filter((t) => t.value.id === id);
    if (!first) issues.push({ file: `troubles/${id}.yaml`, path: '', reason: `missing: the dialogs need a tree for ${id}` });
    for (const duplicate of extra) {
      issues.push({ file: duplicate.file, path: 'id', line: duplicate.lineAt(['id']), reason: `duplicate tree for ${id} (already in ${first.file})` });
    }
  }
  return issues;
}

function treeIssues(tree: Loaded<TroubleTree>, targets: TroubleTargets): ContentIssue[] {
  const { file, value, lineAt } = tree;
  const issues: ContentIssue[] = [];
  const at = (keys: (string | number)[], reason: string): void => {
    issues.push({ file, path: keys.join('.'), line: lineAt(keys), reason });
  };
  const nodeIds = Object.keys(value.nodes);
  const known = `known nodes: ${nodeIds.join(', ')}`;

  if (!(value.start in value.nodes)) at(['start'], `start node "${value.start}" does not exist (${known})`);

  for (const [nodeId, node] of Object.entries(value.nodes)) {
    if (node.options.length === 0 && node.actions.length === 0) {
      at(['nodes', nodeId], 'a node needs at least one option or action: otherwise the user is stuck on it');
    }
    node.options.forEach((option, index) => {
      if (!(option.next in value.nodes)) at(['nodes', nodeId, 'options', index, 'next'], `node "${option.next}" does not exist (${known})`);
    });
    node.actions.forEach((action, index) => {
      const reason = actionTargetProblem(action, targets);
      if (reason) at(['nodes', nodeId, 'actions', index, ...actionTargetKey(action)], reason);
    });
  }

  if (value.start in value.nodes) {
    const reachable = reachableFrom(value);
    for (const nodeId of nodeIds) {
      if (!reachable.has(nodeId)) at(['nodes', nodeId], `node "${nodeId}" cannot be reached from start "${value.start}"`);
    }
  }
  return issues;
}

/** Nodes reachable through options (actions leave the tree, so they don't count). */
function reachableFrom(tree: TroubleTree): Set<string> {
  const seen = new Set<string>([tree.start]);
  const queue = [tree.start];
  for (let nodeId = queue.shift(); nodeId !== undefined; nodeId = queue.shift()) {
    for (const option of tree.nodes[nodeId]?.options ?? []) {
      if (!seen.has(option.next)) {
        seen.add(option.next);
        queue.push(option.next);
      }
    }
  }
  return seen;
}

function fixesIssues(fixes: Loaded<{ fixes: Fixes }>, targets: TroubleTargets): ContentIssue[] {
  const issues: ContentIssue[] = [];
  for (const [code, actions] of Object.entries(fixes.value.fixes)) {
    actions.forEach((action, index) => {
      const reason = actionTargetProblem(action, targets);
      if (reason) {
        const keys = ['fixes', code, index, ...actionTargetKey(action)];
        issues.push({ file: fixes.file, path: keys.join('.'), line: fixes.lineAt(keys), reason });
      }
    });
  }
  return issues;
}

/** Why an action's target does not exist, or undefined when it does. */
function actionTargetProblem(action: TroubleAction, targets: TroubleTargets): string | undefined {
  if (action.type === 'faq' && !targets.faq.some((f) => f.id === action.id)) {
    return `FAQ "${action.id}" does not exist (known: ${targets.faq.map((f) => f.id).join(', ')})`;
  }
  if (action.type === 'procedure' && !targets.procedures.some((p) => p.kind === action.kind)) {
    return `no procedure of kind "${action.kind}" exists`;
  }
  return undefined;
}

function actionTargetKey(action: TroubleAction): string[] {
  if (action.type === 'faq') return ['id'];
  if (action.type === 'procedure') return ['kind'];
  return [];
}
