// deploy/k8s: every manifest valid against the Kubernetes API schemas (kubernetes-models), the example overlay
// rendered (a small renderer here; compared with `kubectl kustomize` where kubectl is installed), and what the
// deployment promises: probes, scrape annotations, non-root pods, the executor's host access, Secrets.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from '@riposte/testing';
import { readYamlDocuments, render, type K8sObject } from './kustomize-lite';

const K8S = path.join(repoRoot, 'deploy/k8s');
const BASE = path.join(K8S, 'base');
const OVERLAY = path.join(K8S, 'overlays/example');

interface Container { name: string; image: string; env?: { name: string }[]; ports?: { containerPort: number }[]; readinessProbe?: Probe; livenessProbe?: Probe; securityContext?: Record<string, unknown> & { capabilities?: { add?: string[]; drop?: string[] } }; volumeMounts?: { name: string }[]; envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[] }
interface Probe { httpGet?: { path: string; port: string | number } }
interface PodSpec { containers: Container[]; initContainers?: Container[]; volumes?: ({ name: string; secret?: { secretName: string }; configMap?: { name: string }; hostPath?: { path: string } })[]; hostNetwork?: boolean; securityContext?: Record<string, unknown> }
interface Workload extends K8sObject { spec: { replicas?: number; template: { metadata: { annotations?: Record<string, string> }; spec: PodSpec } } }

/** Runs tools/k8s/validate-manifests.mjs (kubernetes-models is ES-module only) over `objects`. */
function schemaErrors(objects: unknown[]): string[] {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'tools/k8s/validate-manifests.mjs')], { input: JSON.stringify(objects), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`validate-manifests failed: ${r.stderr}`);
  const results = JSON.parse(r.stdout) as { kind: string; name: string; error?: string }[];
  expect(results).toHaveLength(objects.length);
  return results.filter((x) => x.error).map((x) => `${x.kind}/${x.name}: ${x.error}`);
}

const yamlFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
const find = <T extends K8sObject>(objects: K8sObject[], kind: string, name: string) => {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind} ${name}`);
  return o as T;
};

describe('deploy/k8s manifests', () => {
  const rendered = render(OVERLAY);
  const workloads = rendered.filter((o): o is Workload => o.kind === 'Deployment' || o.kind === 'DaemonSet');

  it('every base manifest validates against the Kubernetes schemas', () => {
    const objects = yamlFiles(BASE).flatMap((f) => readYamlDocuments(path.join(BASE, f)));
    expect(objects.length).toBeGreaterThanOrEqual(14);
    expect(schemaErrors(objects)).toEqual([]);
  });

  it('the validator refuses what the API server would (so the check above can fail)', () => {
    const broken = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { selector: {}, template: { spec: { containers: [{ name: 'x', image: 'x', imagePullPolicy: 'Sometimes' }] } } } };
    expect(schemaErrors([broken, { apiVersion: 'v1', kind: 'Nonsense', metadata: { name: 'y' } }])).toHaveLength(2);
  });

  it('the example overlay renders to valid objects, all in its namespace, with its images and patches', () => {
    expect(schemaErrors(rendered)).toEqual([]);
    for (const o of rendered.filter((x) => x.kind !== 'Namespace')) expect(`${o.kind}/${o.metadata.name}:${o.metadata.namespace}`).toBe(`${o.kind}/${o.metadata.name}:riposte`);
    for (const w of workloads) for (const c of [...w.spec.template.spec.containers, ...(w.spec.template.spec.initContainers ?? [])]) expect(c.image).toMatch(/^registry\.example\.com\/riposte\/riposte(-executor)?:0\.1\.0$/);
    expect(find(rendered, 'HorizontalPodAutoscaler', 'matcher').spec).toMatchObject({ minReplicas: 3, maxReplicas: 12, scaleTargetRef: { kind: 'Deployment', name: 'matcher' } });
    expect(find<Workload>(rendered, 'Deployment', 'control-api').spec.template.spec.containers[0].env?.map((e) => e.name)).toContain('CONTROL_API_NODE_NAME');
    expect(find(rendered, 'ConfigMap', 'riposte-env').data).toMatchObject({ KAFKA_SSL: 'true' });
  });

  it('the renderer gives what kubectl kustomize gives, where kubectl is installed', () => {
    const kubectl = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim();
    if (!kubectl) {
      console.warn('kubectl is not installed here: the overlay was rendered by kustomize-lite only');
      return;
    }
    const r = spawnSync(kubectl, ['kustomize', OVERLAY], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const byKey = (list: K8sObject[]) => Object.fromEntries(list.map((o) => [`${o.kind}/${o.metadata.name}`, o]));
    const theirs = parseAllDocuments(r.stdout).map((d) => d.toJSON() as K8sObject);
    expect(byKey(rendered)).toEqual(byKey(theirs));
  });

  it.each(['alert-ingest', 'matcher', 'scheduler', 'control-api'])('%s: a Deployment and its Service, probes on /health, scraped, non-root', (name) => {
    const d = find<Workload>(rendered, 'Deployment', name);
    const pod = d.spec.template.spec;
    const [c] = pod.containers;
    const port = c.ports![0].containerPort;
    expect(c.readinessProbe?.httpGet?.path).toBe('/health');
    expect(c.livenessProbe?.httpGet?.path).toBe('/health');
    expect(d.spec.template.metadata.annotations).toMatchObject({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(port), 'prometheus.io/path': '/metrics' });
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true });
    for (const x of [...pod.containers, ...(pod.initContainers ?? [])]) expect(x.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    const svc = find(rendered, 'Service', name) as K8sObject & { spec: { selector: Record<string, string>; ports: { port: number }[] } };
    expect(svc.spec.selector).toEqual({ 'app.kubernetes.io/name': name });
    expect(svc.spec.ports[0].port).toBe(port);
  });

  it('the scheduler runs two replicas (its Redis claims fire each timer once: timer-firing.int.spec.ts)', () => {
    expect(find<Workload>(rendered, 'Deployment', 'scheduler').spec.replicas).toBe(2);
    const spec = readFileSync(path.join(repoRoot, 'services/scheduler/src/timers/timer-firing.int.spec.ts'), 'utf8');
    expect(spec).toContain('two instances at once never fire one timer twice');
  });

  it('the executor: a DaemonSet on the host network, NET_ADMIN, the host /var/ossec, probes and scrape on its port', () => {
    const ds = find<Workload>(rendered, 'DaemonSet', 'executor');
    const pod = ds.spec.template.spec;
    const c = pod.containers[0];
    expect(pod.hostNetwork).toBe(true);
    expect(c.securityContext?.capabilities?.add).toContain('NET_ADMIN');
    expect(pod.volumes?.find((v) => v.hostPath?.path === '/var/ossec')).toBeDefined();
    expect(c.readinessProbe?.httpGet).toEqual({ path: '/health', port: 9464 });
    expect(ds.spec.template.metadata.annotations?.['prometheus.io/port']).toBe('9464');
  });

  it('every Secret, ConfigMap and volume a pod names exists; tokens, keys and SASL are Secrets', () => {
    const names = (kind: string) => new Set(rendered.filter((o) => o.kind === kind).map((o) => o.metadata.name));
    const secrets = names('Secret');
    const configMaps = names('ConfigMap');
    expect([...secrets].sort()).toEqual(['riposte-issuer-key', 'riposte-kafka-sasl', 'riposte-tokens', 'riposte-trusted-keys']);
    for (const w of workloads) {
      const pod = w.spec.template.spec;
      const volumes = new Set((pod.volumes ?? []).map((v) => v.name));
      for (const v of pod.volumes ?? []) {
        if (v.secret) expect(secrets).toContain(v.secret.secretName);
        if (v.configMap) expect(configMaps).toContain(v.configMap.name);
      }
      for (const c of [...pod.containers, ...(pod.initContainers ?? [])]) {
        for (const m of c.volumeMounts ?? []) expect(`${w.metadata.name}:${m.name}:${volumes.has(m.name)}`).toBe(`${w.metadata.name}:${m.name}:true`);
        for (const f of c.envFrom ?? []) {
          if (f.configMapRef) expect(configMaps).toContain(f.configMapRef.name);
          if (f.secretRef) expect(secrets).toContain(f.secretRef.name);
        }
      }
    }
  });

  it('every environment variable a container sets is one its service reads', () => {
    const source = (dir: string) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts')).map((f) => readFileSync(path.join(dir, f), 'utf8')).join('\n');
    const shared = source(path.join(repoRoot, 'libs/bus/src')) + source(path.join(repoRoot, 'libs/contracts/src'));
    // Set for the container itself (downward API), not read by the service.
    // EXECUTOR_KEY_FILE: the agent's own key, which the agent-identity work (issue 10) makes the executor read.
    const local = new Set(['HOST_IP', 'NODE_NAME', 'EXECUTOR_KEY_FILE']);
    let all = shared;
    for (const w of workloads) {
      const code = source(path.join(repoRoot, 'services', w.metadata.name, 'src')) + shared;
      all += code;
      const unread = (w.spec.template.spec.containers[0].env ?? []).map((e) => e.name).filter((n) => !local.has(n) && !code.includes(n));
      expect(`${w.metadata.name}: ${unread.join(', ')}`).toBe(`${w.metadata.name}: `);
    }
    // The shared settings: each read by some service (NODE_ENV is Node's own).
    const config = Object.keys(find(rendered, 'ConfigMap', 'riposte-env').data as Record<string, string>).filter((k) => k !== 'NODE_ENV');
    expect(config.filter((k) => !all.includes(k))).toEqual([]);
  });
});
