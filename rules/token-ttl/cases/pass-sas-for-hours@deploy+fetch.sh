#!/bin/sh
curl -o data.csv "https://acmeexports.blob.core.windows.net/nightly/data.csv?sv=2022-11-02&sr=b&sp=r&st=2026-06-15T08:00:00Z&se=2026-06-15T16:00:00Z&spr=https&sig=Hk2%2FqWe7Rt9Yu4Io1Pa6Sd3Fg8Hj5Kl0Zx2Cv7Bn9Mq%3D"
