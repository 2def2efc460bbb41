#!/bin/sh
# Publishes the docs site.
export GH_TOKEN="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"
gh workflow run docs.yml
