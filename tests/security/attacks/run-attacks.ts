/**
 * Every attack over one server's responses. The reconstruction attacks (shares, means, ratios) run
 * first: the exact counts they recover are what differencing subtracts.
 */
import { attributeAttack } from './attribute.ts';
import { differencingAttack, type Plan } from './differencing.ts';
import { meansAttack } from './means.ts';
import { ratioAttack } from './ratios.ts';
import { shareAttack } from './shares.ts';
import {
  describeFinding,
  knowledgeOf,
  type AttackKind,
  type Finding,
  type Knowledge,
  type View,
} from './views.ts';

/** The findings of each attack, and what the analyst then knows (the exact counts recovered). */
export function runAttacks(
  views: View[],
  plan: Plan,
): { findings: Record<AttackKind, Finding[]>; knowledge: Knowledge } {
  const k = knowledgeOf(views);
  const shares = shareAttack(views, k);
  const means = meansAttack(views, k);
  const ratios = ratioAttack(views, k);
  const findings = {
    shares,
    means,
    ratios,
    differencing: differencingAttack(views, k, plan),
    attribute: attributeAttack(views, k),
  };
  return { findings, knowledge: k };
}

/** The findings for a failure message: the first `max`, and how many more. */
export function report(findings: Finding[], max = 40): string {
  const lines = findings.slice(0, max).map(describeFinding);
  if (findings.length > max) lines.push(`… and ${findings.length - max} more`);
  return `${findings.length} finding(s):\n${lines.join('\n')}`;
}
