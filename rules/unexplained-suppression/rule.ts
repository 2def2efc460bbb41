import { defineRule, type InlineSuppression } from '../../src/rule.js';

/**
 * An inline suppression must say why. One without a reason, or one naming no rule nhiscan knows,
 * suppresses nothing and is reported: silence has to be accounted for.
 */
export default defineRule({
  meta: {
    id: 'unexplained-suppression',
    title: 'inline nhiscan-ignore comment without a reason or a known rule',
    description:
      'A `nhiscan-ignore` comment gives no reason, or names no rule nhiscan knows. Such a comment suppresses nothing: an unexplained exception to a credential or permission policy cannot be reviewed, and a mistyped rule id hides nothing while looking as if it did.',
    remediation:
      'Write the rule id and the reason: `# nhiscan-ignore mcp-inline-secret: test token for the local mock server, not valid anywhere`. `nhiscan rules` lists the ids.',
    category: 'governance',
    severity: 'low',
    confidence: 'high',
    kinds: [],
    messages: {
      noReason: 'nhiscan-ignore for {rules} gives no reason: it suppresses nothing until one is added after a colon',
      noRule: 'nhiscan-ignore names no rule: write the rule id to suppress and the reason',
      unknownRule: 'nhiscan-ignore names unknown rule "{rule}": it suppresses nothing',
    },
    frameworks: [
      { framework: 'owasp-asi-2026', id: 'ASI03' },
      { framework: 'owasp-nhi-2025', id: 'NHI2' },
      { framework: 'csa-maestro', id: 'L6' },
      { framework: 'nist-ai-rmf-1.0', id: 'GOVERN-2.1' },
      { framework: 'cwe', id: '1188' },
    ],
  },
  create: (context) => ({
    inlineSuppression(suppression: InlineSuppression) {
      const report = (messageId: 'noReason' | 'noRule' | 'unknownRule', data: Record<string, string>) =>
        context.report({ span: suppression.span, messageId, data, anchor: `nhiscan-ignore.${suppression.ruleIds.join(',')}` });
      if (suppression.ruleIds.length === 0) return report('noRule', {});
      for (const rule of suppression.ruleIds) if (!context.ruleIds.has(rule)) report('unknownRule', { rule });
      if (suppression.reason === undefined) report('noReason', { rules: suppression.ruleIds.join(', ') });
    },
  }),
});
