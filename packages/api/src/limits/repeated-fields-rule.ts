import {
  Kind,
  type ASTVisitor,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { tooComplexValidationError } from './refusals.ts';

/**
 * A validation rule: no response key may be selected more than `max` times in one selection
 * set, counting the fields that inline fragments and fragment spreads bring into it (each
 * fragment once per selection set, so cycles and repeated spreads cost nothing extra).
 *
 * Why: graphql-js' OverlappingFieldsCanBeMerged compares every pair of fields that share a
 * response key, so `{ b(x: 1) { c } b(x: 1) { c } … }` costs quadratic time before any limit on
 * aliases (there are none) or cost (each repeat is cheap) applies. Runs in linear time.
 * Reports QUERY_TOO_COMPLEX `{ limit: 'fieldRepeats', max, found }`, once per document.
 */
export function maxFieldRepeatsRule(max: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    let reported = false;
    const count = (set: SelectionSetNode, counts: Map<string, number>, seen: Set<string>) => {
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) {
          const key = selection.alias?.value ?? selection.name.value;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          count(selection.selectionSet, counts, seen);
        } else if (!seen.has(selection.name.value)) {
          seen.add(selection.name.value);
          const fragment = context.getFragment(selection.name.value);
          if (fragment) count(fragment.selectionSet, counts, seen);
        }
      }
    };
    return {
      SelectionSet(node) {
        if (reported) return;
        const counts = new Map<string, number>();
        count(node, counts, new Set());
        const found = Math.max(0, ...counts.values());
        if (found > max) {
          reported = true;
          context.reportError(
            tooComplexValidationError(
              `a field is selected ${found} times in one selection set; at most ${max} are allowed`,
              { limit: 'fieldRepeats', max, found },
            ),
          );
        }
      },
    };
  };
}
