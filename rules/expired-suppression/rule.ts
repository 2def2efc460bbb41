import { defineRule, isExpired, type ConfigSuppression } from '../../src/rule.js';

/**
 * A suppression with an expiry is a promise to look again. Once the day has passed it no longer
 * hides its finding, and the lapse itself is reported so the promise is kept or renewed on purpose.
 */
export default defineRule({
  meta: {
    id: 'expired-suppression',
    title: 'suppression in .nhiscan.yml is past its expiry date',
    description:
      'A suppression in `.nhiscan.yml` has an `expires` date that has passed. It no longer hides its finding, which is reported again; the accepted risk was meant to be reviewed by that date.',
    remediation:
      'Fix the finding and delete the suppression, or review the risk again and set a new `expires` date with an up-to-date `reason`.',
    category: 'governance',
    severity: 'medium',
    confidence: 'high',
    kinds: [],
    messages: {
      expired: 'suppression of {rule} for {path} expired on {expires}: the finding is reported again',
    },
    frameworks: [
      { framework: 'owasp-asi-2026', id: 'ASI03' },
      { framework: 'owasp-nhi-2025', id: 'NHI1' },
      { framework: 'csa-maestro', id: 'L6' },
      { framework: 'nist-ai-rmf-1.0', id: 'GOVERN-1.7' },
      { framework: 'nist-ai-rmf-1.0', id: 'MANAGE-4.1' },
      { framework: 'cwe', id: '324' },
    ],
  },
  create: (context) => ({
    configSuppression(suppression: ConfigSuppression) {
      if (!isExpired(suppression.expires, context.now) || !suppression.expiresNode) return;
      context.report({
        node: suppression.expiresNode,
        at: 'entry',
        messageId: 'expired',
        data: { rule: suppression.rule, path: suppression.path, expires: suppression.expires! },
        anchor: `suppressions.${suppression.rule}.${suppression.path}${suppression.key ? `.${suppression.key}` : ''}`,
      });
    },
  }),
});
