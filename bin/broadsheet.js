#!/usr/bin/env node
import { main } from '../lib/bundle/index.js';

process.exitCode = await main(process.argv.slice(2));
