#!/usr/bin/env node
console.log('spo', process.version);
