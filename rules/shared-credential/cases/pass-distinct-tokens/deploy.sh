#!/bin/sh
# Each tool its own token; a short-lived installation token repeated is no shared identity.
export GH_TOKEN=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
git push https://x-access-token:ghs_0aUgdUBOqeb1ayz9MFCcu2hZbVVAYo0Wc5j6@github.com/a/b.git
git push https://x-access-token:ghs_0aUgdUBOqeb1ayz9MFCcu2hZbVVAYo0Wc5j6@github.com/a/c.git
