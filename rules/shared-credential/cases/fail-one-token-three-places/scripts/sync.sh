#!/bin/sh
curl -H "Authorization: token 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" https://api.github.com/user
