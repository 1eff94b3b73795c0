#!/usr/bin/env node
import { run } from './main';
import { runProcess } from './process';

runProcess(run, process.argv.slice(2));
