import 'reflect-metadata';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ActiveResponseController } from '../active-response/active-response.controller';
import { AgentKeyController } from '../agents/agent-key.controller';
import { AgentsController } from '../agents/agents.controller';
import { HealthController } from '../health/health.controller';
import { PublicMetricsController } from '../health/health.module';
import { InventoryController } from '../inventory/inventory.controller';
import { SimulateController } from '../simulate/simulate.controller';
import { OpenApiController } from './openapi.controller';
import { openApiDocument } from './openapi.document';

const CONTROLLERS = [ActiveResponseController, InventoryController, AgentsController, AgentKeyController, SimulateController, HealthController, PublicMetricsController, OpenApiController];

/** `METHOD /path` of every route the controllers declare, in OpenAPI's path syntax. */
function servedRoutes(): string[] {
  const routes: string[] = [];
  for (const controller of CONTROLLERS) {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '/');
    for (let proto = controller.prototype as unknown as Record<string, unknown>; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        const path = [base, String(Reflect.getMetadata(PATH_METADATA, handler))].map((p) => p.replace(/^\/|\/$/g, '')).filter(Boolean).join('/');
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number].toLowerCase();
        routes.push(`${method} /${path.replace(/:(\w+)/g, '{$1}')}`);
      }
    }
  }
  return [...new Set(routes)].sort();
}

function documentedRoutes(): string[] {
  return Object.entries(openApiDocument.paths)
    .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`))
    .sort();
}

describe('the OpenAPI document', () => {
  it('describes exactly the routes the app serves', () => {
    expect(servedRoutes()).toHaveLength(13);
    expect(documentedRoutes()).toEqual(servedRoutes());
  });

  it('says which routes need a token', () => {
    const open = Object.entries(openApiDocument.paths).filter(([, ops]) => Object.values(ops).some((op) => !('security' in op)));
    expect(open.map(([p]) => p).sort()).toEqual(['/health', '/metrics', '/openapi.json']);
  });
});
