#!/usr/bin/env node
// Validates Kubernetes objects against the API schemas of `kubernetes-models` (an ES-module-only package, hence
// this script, which the Jest specs spawn). Input on stdin: a JSON array of objects. Output: a JSON array of
// { kind, name, error? }, one per object; exit 0 (the caller decides). An unknown apiVersion/kind is an error.
import { readFileSync } from 'node:fs';

const objects = JSON.parse(readFileSync(0, 'utf8'));
const results = [];
for (const o of objects) {
  const name = o?.metadata?.name ?? '?';
  const [group, version] = String(o?.apiVersion ?? '').includes('/') ? o.apiVersion.split('/') : [null, o?.apiVersion];
  const module = `kubernetes-models/${group ? `${group}/` : ''}${version}/${o?.kind}`;
  try {
    const Model = (await import(module))[o.kind];
    new Model(o).validate();
    results.push({ kind: o.kind, name });
  } catch (error) {
    results.push({ kind: o?.kind, name, error: error.code === 'ERR_PACKAGE_PATH_NOT_EXPORTED' || error.code === 'ERR_MODULE_NOT_FOUND' ? `no schema for ${o?.apiVersion} ${o?.kind}` : String(error.message ?? error) });
  }
}
process.stdout.write(JSON.stringify(results));
