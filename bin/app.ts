#!/usr/bin/env node
// The reference app (cdk.json runs the compiled dist/bin/app.js: no type-checking at synth, so synth is fast).
import { buildReferenceApp } from './reference-stack';

buildReferenceApp().app.synth();
