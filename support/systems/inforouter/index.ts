import type { SystemDefinition } from '../system.ts';
import { clauses } from './clauses.ts';
import { resources } from './resources.ts';
import { InfoRouterClient, type InfoRouterTarget } from './client.ts';
import { defects, InfoRouterModel } from './model.ts';
import { routes, variations } from './routes.ts';

export const inforouter = {
  key: 'inforouter',
  title: 'infoRouter',
  basePath: '',
  clauses,
  defects,
  variations,
  targetSchema: {
    type: 'object',
    required: ['username', 'password'],
    properties: {
      username: { type: 'string', minLength: 1, description: 'An infoRouter user dedicated to conformance runs (UID)' },
      password: { type: 'string', minLength: 1, description: 'Its password (PWD)' },
    },
  },
  routes,
  simulate({ clock, defects: on, variations: varied }) {
    const config = { username: 'conformance', password: 'sim-inforouter-Pa55!' };
    const model = new InfoRouterModel(clock, on, { [config.username]: config.password }, varied);
    return { model, config };
  },
  connect: (services, config) => new InfoRouterClient(services, config),
  resources,
  openSessions: (model) => model.openSessions,
} satisfies SystemDefinition<InfoRouterTarget, InfoRouterModel, InfoRouterClient>;
