#!/usr/bin/env node
// The `rapporteur` command. TypeScript runs through tsx's loader so that the CLI, the server
// and the tests share one source tree without a separate build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
