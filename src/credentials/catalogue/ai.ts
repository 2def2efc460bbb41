import { looksRandom, shannonEntropy } from '../checks.js';
import type { CredentialType, Inspection, MatchContext } from '../types.js';

/**
 * AI providers' keys, all prefixed. Sources, by type:
 * - Anthropic: API keys `sk-ant-api03-` + 93 + `AA`, Admin API keys `sk-ant-admin01-` of the same
 *   shape (Console "API keys", Admin API docs); neither expires. Claude Code's OAuth tokens:
 *   `sk-ant-oat01-` access tokens (8 hours in a login session, whose credentials file stores
 *   `expiresAt`; one year from `claude setup-token`) and `sk-ant-ort01-` refresh tokens.
 * - OpenAI: project, service-account and admin keys `sk-proj-`/`sk-svcacct-`/`sk-admin-`, and the
 *   legacy `sk-` + 20 + 20, all holding `T3BlbkFJ` (base64 of "OpenAI"); no expiry.
 * - OpenRouter `sk-or-v1-` + 64 hex; Hugging Face user tokens `hf_` + 34 letters and the legacy
 *   organisation tokens `api_org_` + 34; Groq `gsk_` + 52; Replicate `r8_` + 37; Perplexity
 *   `pplx-` + 48; xAI `xai-` + 80; Supabase personal access tokens `sbp_` + 40 hex. All are
 *   revoked by hand; none carries an expiry.
 * Anthropic's and OpenRouter's keys start `sk-` too: they come first here, so no OpenAI type
 * claims them (and the OpenAI patterns need the `T3BlbkFJ` marker besides).
 */

/** Upper and lower case, with the entropy of a generated value (Hugging Face tokens hold no digits). */
const lettersMixed = (secret: string): Inspection | undefined => {
  const body = secret.slice(secret.lastIndexOf('_') + 1);
  return /[A-Z]/.test(body) && /[a-z]/.test(body) && shannonEntropy(body) >= 3.5 ? {} : undefined;
};

/** Random after its prefix: a test fixture like `sk-ant-ort01-refresh-token-xyz` is not. */
const randomBody = (prefixLength: number) => (secret: string): Inspection | undefined => (looksRandom(secret.slice(prefixLength), 40) ? {} : undefined);

/** An `expiresAt` next to an access token: the login session's credentials file, 8-hour tokens. */
const SESSION_EXPIRY = /"expiresAt"\s{0,4}:\s{0,4}\d{10,13}/;

function claudeAccessToken(secret: string, { text, match }: MatchContext): Inspection | undefined {
  if (!looksRandom(secret.slice(13), 40)) return undefined;
  const near = text.slice(Math.max(0, match.index - 512), match.index + match[0].length + 512);
  return SESSION_EXPIRY.test(near) ? { lifetime: { class: 'short', source: 'context:expiresAt' } } : {};
}

export const AI: readonly CredentialType[] = [
  {
    id: 'anthropic-api-key',
    provider: 'Anthropic',
    name: 'Anthropic API key',
    keywords: ['sk-ant-api03-'],
    pattern: /(?<![A-Za-z0-9_-])sk-ant-api03-[A-Za-z0-9_-]{93}AA(?![A-Za-z0-9_-])/g,
    lifetime: 'static',
    lifetimeNote: 'no expiry; revoked by hand in the Console',
    samples: {
      true: [
        { text: 'ANTHROPIC_API_KEY=sk-ant-api03-0msY04AM0YPXAk3X7ZYlFdoknM_ncCP8AuJzRd4sm1yVsH1zhTiKQjD7sk5Ne2LLBq7rRHZxqpy2zOSJsrTVOraoBFnIXAA', secret: 'sk-ant-api03-0msY04AM0YPXAk3X7ZYlFdoknM_ncCP8AuJzRd4sm1yVsH1zhTiKQjD7sk5Ne2LLBq7rRHZxqpy2zOSJsrTVOraoBFnIXAA' },
        '{"env": {"ANTHROPIC_API_KEY": "sk-ant-api03-890yVWzeFwC1U_eYI8J6FWkGtQq4kvRxl_7t_BnUH7TbXyW8QOnNeJd0G9Vf1SRitzzPY-VbLeWsHpo3cqgrqf6t6fJitAA"}}',
      ],
      false: [
        'ANTHROPIC_API_KEY=sk-ant-api03-...',
        // Not ending in `AA`.
        'ANTHROPIC_API_KEY=sk-ant-api03-0msY04AM0YPXAk3X7ZYlFdoknM_ncCP8AuJzRd4sm1yVsH1zhTiKQjD7sk5Ne2LLBq7rRHZxqpy2zOSJsrTVOraoBFnIXAB',
        // One character short.
        'ANTHROPIC_API_KEY=sk-ant-api03-890yVWzeFwC1U_eYI8J6FWkGtQq4kvRxl_7t_BnUH7TbXyW8QOnNeJd0G9Vf1SRitzzPY-VbLeWsHpo3cqgrqf6t6fJiAA',
      ],
    },
  },
  {
    id: 'anthropic-admin-key',
    provider: 'Anthropic',
    name: 'Anthropic Admin API key',
    keywords: ['sk-ant-admin01-'],
    pattern: /(?<![A-Za-z0-9_-])sk-ant-admin01-[A-Za-z0-9_-]{93}AA(?![A-Za-z0-9_-])/g,
    lifetime: 'static',
    lifetimeNote: 'no expiry; revoked by hand in the Console',
    samples: {
      true: [{ text: 'export ANTHROPIC_ADMIN_KEY="sk-ant-admin01-c_QFs8PxpC5gx4oNK3V9AN9AGOu3jHJ4u1VAxCahuMYqUsg9MlFUE37SQu5URsnaS5mRkqK0iLbdg1P-8PcuebOx2a-wFAA"', secret: 'sk-ant-admin01-c_QFs8PxpC5gx4oNK3V9AN9AGOu3jHJ4u1VAxCahuMYqUsg9MlFUE37SQu5URsnaS5mRkqK0iLbdg1P-8PcuebOx2a-wFAA' }, "admin_key: 'sk-ant-admin01-Dd3VvNPCp8Vq8hT3NvNH8bLQowOPJ1S0RIlSDGs7HBD-cZQIRn8S3z-iz2oZSGrloYF-aj8NpysKYVu5XEBAJTwQQEZb_AA'"],
      false: ['ANTHROPIC_ADMIN_KEY=sk-ant-admin01-your-admin-key', 'ANTHROPIC_ADMIN_KEY=sk-ant-admin01-c_QFs8PxpC5gx4oNK3V9AN9AGOu3jHJ4u1VAxCahuMYqUsg9MlFUE37SQu5URsnaS5mRkqK0iLbdg1P-8PcuebOx2a-wFXX'],
    },
  },
  {
    id: 'anthropic-oauth-access-token',
    provider: 'Anthropic',
    name: 'Claude OAuth access token',
    keywords: ['sk-ant-oat01-'],
    pattern: /(?<![A-Za-z0-9_-])sk-ant-oat01-[A-Za-z0-9_-]{40,200}(?![A-Za-z0-9_-])/g,
    lifetime: 'long',
    lifetimeNote: 'one year from `claude setup-token`; 8 hours in a login session (then refreshed)',
    inspect: claudeAccessToken,
    samples: {
      true: [
        { text: 'CLAUDE_CODE_OAUTH_TOKEN=sk-ant-oat01-X2fy3ytmpsTFA78jIJR48faRKQTAWZy5zRD_VApJvcvGXdz1AEOgTuMiHb6dASpkstbSay9Lc0gDw6h2X8zI6xUH0kZgvAA', secret: 'sk-ant-oat01-X2fy3ytmpsTFA78jIJR48faRKQTAWZy5zRD_VApJvcvGXdz1AEOgTuMiHb6dASpkstbSay9Lc0gDw6h2X8zI6xUH0kZgvAA' },
        // A login session's credentials file: its expiry makes it short.
        '{"claudeAiOauth": {"accessToken": "sk-ant-oat01-s2PJtt9fRyHF891MjX6uIi2jR6DL8x8gr3XsRrHKXIvR6D7PozWoRK6T5cx7QEx-MAFURRlMEetP-9qwbjsp6KWW_v_cgAA", "refreshToken": "${REFRESH}", "expiresAt": 1767229200000}}',
      ],
      false: ['CLAUDE_CODE_OAUTH_TOKEN=sk-ant-oat01-TEST_SETUP_TOKEN_NOT_REAL', 'token: "sk-ant-oat01-test-routine-token-for-the-unit-tests-only"'],
    },
  },
  {
    id: 'anthropic-oauth-refresh-token',
    provider: 'Anthropic',
    name: 'Claude OAuth refresh token',
    keywords: ['sk-ant-ort01-'],
    pattern: /(?<![A-Za-z0-9_-])sk-ant-ort01-[A-Za-z0-9_-]{40,200}(?![A-Za-z0-9_-])/g,
    lifetime: 'long',
    lifetimeNote: 'mints access tokens until the session logs out or is revoked (expiry not published)',
    inspect: randomBody(13),
    samples: {
      true: [{ text: '"refreshToken": "sk-ant-ort01-pAkrEQ2CaK8Q1E6nLgqsTz4OzGvQn1T8a6VRYijA6idp5sZUWr1FF11_kpyMhz-PBTycVIBpXRcfSkmlBdODJ9OaSKa0nAA",', secret: 'sk-ant-ort01-pAkrEQ2CaK8Q1E6nLgqsTz4OzGvQn1T8a6VRYijA6idp5sZUWr1FF11_kpyMhz-PBTycVIBpXRcfSkmlBdODJ9OaSKa0nAA' }, 'CLAUDE_REFRESH_TOKEN=sk-ant-ort01-nBLAI47V8mVleIMoNZK3rCSQ_MeHY0AKjToCmNEvguHnWymC7Oz58mbb0kzeHjHbRAbCFVuizsuTKaXUdrsVZbcSNf57yAA'],
      false: ['"refreshToken": "sk-ant-ort01-..."', '"refreshToken": "sk-ant-ort01-refresh-token-xyz-used-by-the-unit-tests"'],
    },
  },
  {
    id: 'openrouter-api-key',
    provider: 'OpenRouter',
    name: 'OpenRouter API key',
    keywords: ['sk-or-v1-'],
    pattern: /(?<![A-Za-z0-9_-])sk-or-v1-[a-f0-9]{64}(?![A-Za-z0-9_-])/g,
    lifetime: 'static',
    lifetimeNote: 'no expiry unless one is set; credit limits are optional',
    samples: {
      true: [{ text: 'OPENROUTER_API_KEY=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', secret: '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' }, '"apiKey": "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"'],
      false: ['OPENROUTER_API_KEY=sk-or-v1-...', 'OPENROUTER_API_KEY=sk-or-v1-627c887b06c8fca92cc3d0bd194fa8218f32640ffa4a2a355e5b74ad93d2400'],
    },
  },
  {
    id: 'openai-project-key',
    provider: 'OpenAI',
    name: 'OpenAI project API key',
    keywords: ['sk-proj-'],
    pattern: /(?<![A-Za-z0-9_-])sk-proj-[A-Za-z0-9_-]{20,100}T3BlbkFJ[A-Za-z0-9_-]{20,100}(?![A-Za-z0-9_-])/g,
    lifetime: 'static',
    lifetimeNote: 'no expiry; revoked by hand',
    samples: {
      true: [
        { text: 'OPENAI_API_KEY=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', secret: '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' },
        'client = OpenAI(api_key="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")',
        '"apiKey": "sk-proj-eQIf5hGtxuB319E6X0JaT3BlbkFJdAYv97QVKnrEPP4bo1Px"',
      ],
      false: [
        'OPENAI_API_KEY=sk-proj-your-api-key-here',
        // No `T3BlbkFJ` marker.
        'OPENAI_API_KEY=sk-proj-lU4Cgq9nxNB8L7TPRr3931UeWuMsagzW6gwzBNKK6EZqYXilLcAYEFEs4C841HqVSSA2y6eR2j3cbm3ngp8HJFbnJdWrK2B',
      ],
    },
  },
  {
    id: 'openai-service-account-key',
    provider: 'OpenAI',
    name: 'OpenAI service account API key',
    keywords: ['sk-svcacct-'],
    pattern: /(?<![A-Za-z0-9_-])sk-svcacct-[A-Za-z0-9_-]{20,100}T3BlbkFJ[A-Za-z0-9_-]{20,100}(?![A-Za-z0-9_-])/g,
    lifetime: 'static',
    lifetimeNote: 'no expiry; revoked by hand',
    samples: {
      true: [{ text: 'OPENAI_API_KEY="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"', secret: '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' }, 'openai_api_key: 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'],
      false: ['OPENAI_API_KEY=sk-svcacct-...', 'OPENAI_API_KEY=sk-svcacct-ndH14T_TEXS_VpbfQz2OxtoWhSd3WlCXYH_9b7Yggo_AUsGADDVaiBYaKbxQhYndZp_Peg4cMtT3BlbkFJICfQ6IlBmO'],
    },
  },
  {
    id: 'openai-admin-key',
    provider: 'OpenAI',
    name: 'OpenAI Admin API key',
    keywords: ['sk-admin-'],
    pattern: /(?<![A-Za-z0-9_-])sk-admin-[A-Za-z0-9_-]{20,100}T3BlbkFJ[A-Za-z0-9_-]{20,100}(?![A-Za-z0-9_-])/g,
    lifetime: 'static',
    lifetimeNote: 'no expiry; revoked by hand',
    samples: {
      true: [{ text: 'OPENAI_ADMIN_KEY=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', secret: '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' }, '"adminKey": "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"'],
      false: ['OPENAI_ADMIN_KEY=sk-admin-xxxxxxxxxxxxxxxxxxxxxxxxT3BlbkFJxxxxxxxxxxxxxxxxxxxxxxxx', 'OPENAI_ADMIN_KEY=sk-admin-${KEY}'],
    },
  },
  {
    id: 'openai-legacy-key',
    provider: 'OpenAI',
    name: 'OpenAI API key (legacy user key)',
    keywords: ['t3blbkfj'],
    pattern: /(?<![A-Za-z0-9_-])sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}(?![A-Za-z0-9_-])/g,
    // The match starts 23 characters (`sk-` and twenty) before the marker.
    window: { before: 23, after: 0 },
    lifetime: 'static',
    lifetimeNote: 'no expiry; revoked by hand',
    samples: {
      true: [{ text: 'OPENAI_API_KEY=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', secret: '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' }, 'openai.api_key = "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"'],
      false: [
        'OPENAI_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxT3BlbkFJxxxxxxxxxxxxxxxxxxxx',
        // One character short before the marker.
        'OPENAI_API_KEY=sk-arciSAKvSUgSv2jfU9LT3BlbkFJraSEiUgKd1BARPT5nFJR',
        'OPENAI_API_KEY=sk-lU4Cgq9nxNB8L7TPRr3931UeWuMsagzW6gwzBNKK6EZqYXil',
      ],
    },
  },
  {
    id: 'huggingface-token',
    provider: 'Hugging Face',
    name: 'Hugging Face access token',
    keywords: ['hf_'],
    pattern: /(?<![A-Za-z0-9_])hf_[A-Za-z]{34}(?![A-Za-z0-9_])/g,
    lifetime: 'static',
    lifetimeNote: 'no expiry; revoked by hand',
    inspect: lettersMixed,
    samples: {
      true: [{ text: 'HF_TOKEN=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', secret: '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' }, 'login(token="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")'],
      false: [
        'HF_TOKEN=hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
        // Letters, but a word, not a token.
        '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 = True',
        'HF_TOKEN=hf_mFnSLkUdTPFMDacutvKUJbGFwnxTQegLA',
      ],
    },
  },
  {
    id: 'huggingface-org-token',
    provider: 'Hugging Face',
    name: 'Hugging Face organisation API token',
    keywords: ['api_org_'],
    pattern: /(?<![A-Za-z0-9_])api_org_[A-Za-z]{34}(?![A-Za-z0-9_])/g,
    lifetime: 'static',
    lifetimeNote: 'no expiry; revoked by hand',
    inspect: lettersMixed,
    samples: {
      true: [{ text: 'HUGGINGFACE_ORG_TOKEN=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', secret: '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' }, '"token": "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"'],
      false: ['HUGGINGFACE_ORG_TOKEN=api_org_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'def 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(): pass'],
    },
  },
  {
    id: 'groq-api-key',
    provider: 'Groq',
    name: 'Groq API key',
    keywords: ['gsk_'],
    pattern: /(?<![A-Za-z0-9_])gsk_[A-Za-z0-9]{52}(?![A-Za-z0-9_])/g,
    lifetime: 'static',
    lifetimeNote: 'no expiry; revoked by hand',
    samples: {
      true: [{ text: 'GROQ_API_KEY=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', secret: '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' }, 'Groq(api_key="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")'],
      false: ['GROQ_API_KEY=gsk_...', 'GROQ_API_KEY=gsk_zQjfz4rPewdgAuIdBhvxMXrlrnoUCtSbIhJLP3nlbnS1JPnZKE3'],
    },
  },
  {
    id: 'replicate-api-token',
    provider: 'Replicate',
    name: 'Replicate API token',
    keywords: ['r8_'],
    pattern: /(?<![A-Za-z0-9_])r8_[A-Za-z0-9]{37}(?![A-Za-z0-9_])/g,
    lifetime: 'static',
    lifetimeNote: 'no expiry; revoked by hand',
    samples: {
      true: [{ text: 'REPLICATE_API_TOKEN=r8_GQBP3ptyrrvHTfBpYwamrW1DLY97oWGgDlLhe', secret: 'r8_GQBP3ptyrrvHTfBpYwamrW1DLY97oWGgDlLhe' }, 'export REPLICATE_API_TOKEN="r8_R3sSBRnX3xn5LNOVFkuCa5l1Jsh3cVTOLleWu"'],
      false: ['REPLICATE_API_TOKEN=r8_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'REPLICATE_API_TOKEN=r8_GQBP3ptyrrvHTfBpYwamrW1DLY97oWGgDlLh'],
    },
  },
  {
    id: 'perplexity-api-key',
    provider: 'Perplexity',
    name: 'Perplexity API key',
    keywords: ['pplx-'],
    pattern: /(?<![A-Za-z0-9_-])pplx-[A-Za-z0-9]{48}(?![A-Za-z0-9_-])/g,
    lifetime: 'static',
    lifetimeNote: 'no expiry; revoked by hand',
    samples: {
      true: [{ text: 'PERPLEXITY_API_KEY=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', secret: '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' }, '"perplexityApiKey": "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"'],
      false: ['PERPLEXITY_API_KEY=pplx-XXXX...', 'PERPLEXITY_API_KEY=pplx-Ph8TFGD79ap5FIXctJfle6fsrPgKyQdYbDfWDT1RwbR3OmI'],
    },
  },
  {
    id: 'xai-api-key',
    provider: 'xAI',
    name: 'xAI API key',
    keywords: ['xai-'],
    pattern: /(?<![A-Za-z0-9_-])xai-[A-Za-z0-9]{80}(?![A-Za-z0-9_-])/g,
    lifetime: 'static',
    lifetimeNote: 'no expiry; revoked by hand',
    samples: {
      true: [{ text: 'XAI_API_KEY=xai-uzGLA9paQ1sKpdGhVPDQkH9dEzusja00cTZ0YPm40yVlX59Mh8ANb9lwOtJevrucAjkhAF6GjtpVQBW8', secret: 'xai-uzGLA9paQ1sKpdGhVPDQkH9dEzusja00cTZ0YPm40yVlX59Mh8ANb9lwOtJevrucAjkhAF6GjtpVQBW8' }, 'client = Client(api_key="xai-hS04HbmAK0frIP60ovwobqfApJFjfbP5w4ku76DVoXIC2zkN5JGQVcs0Mg2sydXmaQJwqHLy0rgO4Oqv")'],
      false: ['XAI_API_KEY=xai-...', 'XAI_API_KEY=xai-uzGLA9paQ1sKpdGhVPDQkH9dEzusja00cTZ0YPm40yVlX59Mh8ANb9lwOtJevrucAjkhAF6GjtpVQBW', 'model: xai-grok-4-fast-reasoning'],
    },
  },
  {
    id: 'supabase-access-token',
    provider: 'Supabase',
    name: 'Supabase personal access token',
    keywords: ['sbp_'],
    pattern: /(?<![A-Za-z0-9_])sbp_[a-f0-9]{40}(?![A-Za-z0-9_])/g,
    lifetime: 'static',
    lifetimeNote: 'no expiry unless one is set; revoked by hand',
    samples: {
      true: [{ text: 'SUPABASE_ACCESS_TOKEN=sbp_cc25497a9b2bcb4235f6f7a5929c6c4ca201a79b', secret: 'sbp_cc25497a9b2bcb4235f6f7a5929c6c4ca201a79b' }, '"supabase": {"env": {"SUPABASE_ACCESS_TOKEN": "sbp_db32133bc721676c216653377af7718e27e51451"}}'],
      false: ['SUPABASE_ACCESS_TOKEN=sbp_...', 'SUPABASE_ACCESS_TOKEN=sbp_cc25497a9b2bcb4235f6f7a5929c6c4ca201a79', 'SUPABASE_ACCESS_TOKEN=sbp_627c887b06c8fca92cc3d0bd194fa8218f32640fZ'],
    },
  },
];
