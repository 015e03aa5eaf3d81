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
  simulate({ clock, defects: on }) {
    const config = { username: 'api-conformance', password: 'sim-acumatica-Pa55!', tenant: 'Company' };
    const model = new AcumaticaModel(clock, on, { users: { [config.username]: config.password }, apiUsers: 2 });
    return { model, routes: routes(model), config };
  },
  connect: (services, config) => new AcumaticaClient(services, config),
} satisfies SystemDefinition<AcumaticaTarget, AcumaticaModel, AcumaticaClient>;
