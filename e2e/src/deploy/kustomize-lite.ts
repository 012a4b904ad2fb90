// The subset of kustomize that deploy/k8s uses, for CI hosts without kustomize or kubectl: resources (files and
// directories), labels (metadata only), namespace, images, and strategic-merge patches by kind and name. Anything
// else in a kustomization.yaml is refused, so the overlay cannot drift past what this renders.
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';

export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string>; [k: string]: unknown }; [k: string]: unknown };

const SUPPORTED = new Set(['apiVersion', 'kind', 'resources', 'labels', 'namespace', 'images', 'patches']);
/** Kinds that take no namespace (the ones deploy/k8s could hold). */
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'PriorityClass', 'StorageClass', 'CustomResourceDefinition']);

interface Kustomization {
  resources?: string[];
  labels?: { pairs: Record<string, string>; includeSelectors?: boolean; includeTemplates?: boolean }[];
  namespace?: string;
  images?: { name: string; newName?: string; newTag?: string }[];
  patches?: { path: string }[];
}

/** Every document of a YAML file, as plain objects. */
export function readYamlDocuments(file: string): K8sObject[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => {
      if (d.errors.length > 0) throw new Error(`${file}: ${d.errors[0].message}`);
      return d.toJSON() as K8sObject | null;
    })
    .filter((o): o is K8sObject => o !== null);
}

/** Renders the kustomization in `dir` as `kustomize build dir` would, for the subset above. */
export function render(dir: string): K8sObject[] {
  const file = path.join(dir, 'kustomization.yaml');
  const [k] = readYamlDocuments(file) as unknown as (Kustomization & Record<string, unknown>)[];
  const unknown = Object.keys(k).filter((key) => !SUPPORTED.has(key));
  if (unknown.length > 0) throw new Error(`${file}: ${unknown.join(', ')} not supported by this renderer`);
  if (k.labels?.some((l) => l.includeSelectors || l.includeTemplates)) throw new Error(`${file}: labels with includeSelectors/includeTemplates not supported`);

  let objects: K8sObject[] = [];
  for (const r of k.resources ?? []) {
    const p = path.join(dir, r);
    objects.push(...(statSync(p).isDirectory() ? render(p) : readYamlDocuments(p)));
  }
  for (const p of k.patches ?? []) {
    for (const patch of readYamlDocuments(path.join(dir, p.path))) {
      const i = objects.findIndex((o) => o.kind === patch.kind && o.metadata.name === patch.metadata.name);
      if (i < 0) throw new Error(`${p.path}: no ${patch.kind} ${patch.metadata.name} to patch`);
      objects[i] = strategicMerge(objects[i], patch) as K8sObject;
    }
  }
  for (const l of k.labels ?? []) objects = objects.map((o) => ({ ...o, metadata: { ...o.metadata, labels: { ...o.metadata.labels, ...l.pairs } } }));
  if (k.namespace) objects = objects.map((o) => (CLUSTER_SCOPED.has(o.kind) ? o : { ...o, metadata: { ...o.metadata, namespace: k.namespace } }));
  for (const image of k.images ?? []) objects = objects.map((o) => setImages(o, image));
  return objects;
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const named = (list: unknown[]): list is { name: string }[] => list.every((e) => isMap(e) && typeof e.name === 'string');

/** Maps merge by key; lists of named entries (containers, env, volumes, ports) merge by name; other lists are replaced. */
export function strategicMerge(base: unknown, patch: unknown): unknown {
  if (isMap(base) && isMap(patch)) {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(patch)) out[key] = key in base ? strategicMerge(base[key], value) : value;
    return out;
  }
  if (Array.isArray(base) && Array.isArray(patch) && named(base) && named(patch)) {
    const out = [...base] as unknown[];
    // kustomize puts the entries only the patch has first.
    const added: unknown[] = [];
    for (const entry of patch) {
      const i = base.findIndex((b) => b.name === entry.name);
      if (i >= 0) out[i] = strategicMerge(base[i], entry);
      else added.push(entry);
    }
    return [...added, ...out];
  }
  return patch;
}

/** The `images` transformer: a container image `name` or `name:tag` becomes `newName:newTag`. */
function setImages(o: K8sObject, image: { name: string; newName?: string; newTag?: string }): K8sObject {
  const spec = (o.spec as { template?: { spec?: Record<string, unknown> } } | undefined)?.template?.spec;
  if (!spec) return o;
  const retag = (c: { image?: string }) => {
    if (!c.image) return c;
    const [name, tag] = c.image.split(':');
    if (name !== image.name) return c;
    const newTag = image.newTag ?? tag;
    return { ...c, image: `${image.newName ?? name}${newTag ? `:${newTag}` : ''}` };
  };
  const podSpec = { ...spec };
  for (const key of ['containers', 'initContainers']) if (Array.isArray(podSpec[key])) podSpec[key] = (podSpec[key] as { image?: string }[]).map(retag);
  return strategicMerge(o, { spec: { template: { spec: podSpec } } }) as K8sObject;
}
