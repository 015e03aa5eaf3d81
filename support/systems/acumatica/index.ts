import type { SystemDefinition } from '../system.ts';
import { clauses } from './clauses.ts';
import { AcumaticaClient, type AcumaticaTarget } from './client.ts';
import { AcumaticaModel, defects } from './model.ts';
import { routes } from './routes.ts';

export const acumatica = {
  key: 'acumatica',
  title: 'MYOB Acumatica',
  basePath: '/AcumaticaDB',
  clauses,
  defects,
  variations: {},
  targetSchema: {
    type: 'object',
    required: ['username', 'password'],
    properties: {
      username: { type: 'string', minLength: 1, description: 'An API user of the instance, dedicated to conformance runs' },
      password: { type: 'string', minLength: 1 },
      tenant: { type: 'string', description: 'Needed when the instance has several tenants' },
      branch: { type: 'string' },
      probePath: { type: 'string', pattern: '^/', description: 'An entity call that needs a session; default /entity/Default/24.200.001/Customer?$top=1' },
    },
  },
  simulate({ clock, defects: on }) {
    const config = { username: 'api-conformance', password: 'sim-acumatica-Pa55!', tenant: 'Company' };
    const model = new AcumaticaModel(clock, on, { users: { [config.username]: config.password }, apiUsers: 2 });
    return { model, routes: routes(model), config };
  },
  connect: (services, config) => new AcumaticaClient(services, config),
  openSessions: (model) => model.openSessions,
} satisfies SystemDefinition<AcumaticaTarget, AcumaticaModel, AcumaticaClient>;
