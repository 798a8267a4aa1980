/**
 * Every attack over one server's responses. The reconstruction attacks (shares, means, ratios) run
 * first: the exact counts they recover are what differencing subtracts.
 */
import { attributeAttack } from './attribute.ts';
import { differencingAttack, type Plan } from './differencing.ts';
import { meansAttack } from './means.ts';
import { ratioAttack } from './ratios.ts';
import { shareAttack } from './shares.ts';
import { describeFinding, knowledgeOf, type AttackKind, type Finding, type View } from './views.ts';

export function runAttacks(views: View[], plan: Plan): Record<AttackKind, Finding[]> {
  const k = knowledgeOf(views);
  const shares = shareAttack(views, k);
  const means = meansAttack(views, k);
  const ratios = ratioAttack(views, k);
  return {
    shares,
    means,
    ratios,
    differencing: differencingAttack(views, k, plan),
    attribute: attributeAttack(views, k),
  };
}

/** The findings for a failure message: the first `max`, and how many more. */
export function report(findings: Finding[], max = 40): string {
  const lines = findings.slice(0, max).map(describeFinding);
  if (findings.length > max) lines.push(`… and ${findings.length - max} more`);
  return `${findings.length} finding(s):\n${lines.join('\n')}`;
}
