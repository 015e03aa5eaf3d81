import { moreAccountsSchema } from '../accounts.ts';
import type { SystemDefinition } from '../system.ts';
import { clauses } from './clauses.ts';
import { resources } from './resources.ts';
import { InfoRouterClient } from './client.ts';
import type { InfoRouterTarget } from './target.ts';
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
      moreUsers: moreAccountsSchema(
        'Further infoRouter users dedicated to conformance runs (the rights of username), optional: the documents do not forbid a LogOut that ends every ticket of its user, so scenarios of one user run one after another, and each user given here lets another run beside them',
      ),
    },
  },
  routes,
  simulate({ clock, defects: on, variations: varied }) {
    const user = { username: 'conformance', password: 'sim-inforouter-Pa55!' };
    // Further test users, so the simulator's own scenarios run side by side as a well-provided target's would.
    const moreUsers = [2, 3, 4].map((n) => ({ username: `conformance-${n}`, password: `sim-inforouter-${n}-Pa55!` }));
    const users = Object.fromEntries([user, ...moreUsers].map((u) => [u.username, u.password]));
    const model = new InfoRouterModel(clock, on, users, varied);
    const config = { ...user, moreUsers };
    return { model, config };
  },
  connect: (services, config) => new InfoRouterClient(services, config),
  resources,
  openSessions: (model) => model.openSessions,
} satisfies SystemDefinition<InfoRouterTarget, InfoRouterModel, InfoRouterClient>;
