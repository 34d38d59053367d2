#!/usr/bin/env node
// The reference app. cdk.json runs it through scripts/cdk-app.js, which transpiles bin/ and lib/ on load (cached)
// and rebuilds stale Lambda bundles, so `npx cdk synth` always reflects the sources without a manual build
// (docs/ARCHITECTURE.md: why not tsx).
import { buildReferenceApp } from './reference-stack';

buildReferenceApp().app.synth();
