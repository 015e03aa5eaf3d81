import type { SystemDefinition } from '../system.ts';
import { clauses } from './clauses.ts';
import { resources } from './resources.ts';
import { AcumaticaClient, urlFormOf, type AcumaticaTarget, type UrlForm } from './client.ts';
import { AcumaticaModel, defects, variations } from './model.ts';
import { routes } from './routes.ts';

/** The tag of each ACU-7 example, by the URL form it needs. */
const URL_FORM_TAGS: Readonly<Record<UrlForm, string>> = { 'instance-path': '@instance-path', 'site-root': '@site-root' };
const URL_FORM_WORDS: Readonly<Record<UrlForm, string>> = { 'instance-path': 'names an instance', 'site-root': 'is the root of its website' };

export const acumatica = {
  key: 'acumatica',
  title: 'MYOB Acumatica',
  basePath: '/AcumaticaDB',
  clauses,
  defects,
  variations,
  targetSchema: {
    type: 'object',
    required: ['username', 'password'],
    properties: {
      username: { type: 'string', minLength: 1, description: 'An API user of the instance, dedicated to conformance runs' },
      password: { type: 'string', minLength: 1 },
      tenant: { nullable: true, type: 'string', description: 'Needed when the instance has several tenants' },
      branch: { nullable: true, type: 'string' },
      probePath: {
        nullable: true,
        type: 'string',
        pattern: '^/',
        description: 'An entity call that needs a session; default /entity/Default/24.200.001/Customer?$top=1',
      },
      apiUserLimit: {
        nullable: true,
        type: 'integer',
        minimum: 1,
        description:
          "The licence's API-user limit (a trial licence admits 2). Verifies ACU-4 and ACU-5 live by signing in on EVERY seat: name it only for a dedicated test instance that no one else uses during the run",
      },
    },
  },
  routes,
  simulate({ clock, defects: on, variations: varied }) {
    // A trial licence admits 2 API users; with a seat held elsewhere, the licence is larger and not all of it free.
    const apiUserLimit = varied.has('seat-held-elsewhere') ? 3 : 2;
    const config = { username: 'api-conformance', password: 'sim-acumatica-Pa55!', tenant: 'Company', apiUserLimit };
    const model = new AcumaticaModel(clock, on, { users: { [config.username]: config.password }, apiUsers: config.apiUserLimit }, varied);
    return { model, config };
  },
  connect: (services, config) => new AcumaticaClient(services, config),
  // ACU-7 is verified for the form of URL the target has; the other form cannot be reached through it.
  notVerifiedLive(config, tags) {
    const form = urlFormOf(config.baseUrl);
    const other = (Object.keys(URL_FORM_TAGS) as UrlForm[]).find((f) => f !== form && tags.includes(URL_FORM_TAGS[f]));
    return other && `the URL form this scenario needs (one that ${URL_FORM_WORDS[other]}) is not the targets file's: its baseUrl ${URL_FORM_WORDS[form]}`;
  },
  resources,
  openSessions: (model) => model.openSessions,
} satisfies SystemDefinition<AcumaticaTarget, AcumaticaModel, AcumaticaClient>;
