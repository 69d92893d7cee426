import type { Rule } from './rule';

/** The rule catalog, in code order. A new rule is one file under rules/ and one line here. */
export const rules: Rule[] = [];
