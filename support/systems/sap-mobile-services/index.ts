import type { SystemDefinition } from '../system.ts';
import { clauses } from './clauses.ts';
import { SapMobileServicesClient, type SapMobileServicesTarget } from './client.ts';
import { defects, SapMobileServicesModel } from './model.ts';
import { routes } from './routes.ts';

export const sapMobileServices = {
  key: 'sap-mobile-services',
  title: 'SAP Mobile Services',
  basePath: '',
  clauses,
  defects,
  variations: {},
  targetSchema: {
    type: 'object',
    required: ['appId', 'username', 'password'],
    properties: {
      appId: { type: 'string', minLength: 1, description: 'The Mobile Services application id (X-SMP-APPID)' },
      username: { type: 'string', minLength: 1, description: 'A test user of the application, dedicated to conformance runs: v2 logouts revoke all its refresh tokens' },
      password: { type: 'string', minLength: 1 },
      sessionPath: { type: 'string', pattern: '^/', description: 'The request whose answer sets the session cookie (sent with Basic credentials and X-SMP-APPID), and with the cookie alone the session probe; default /mobileservices/application/{appId}/roleservice/application/{appId}/v2/Me' },
      sessionCookie: { type: 'string', minLength: 1, description: 'The session cookie\'s name; default JSESSIONID' },
      deadSession: { enum: ['401', 'saml'], description: 'How the application answers a dead session: 401 (Basic/OAuth, default) or saml (200 + com.sap.cloud.security.login: login-request)' },
      tokenPath: { type: 'string', pattern: '^/', description: 'The OAuth token endpoint (form-encoded password and refresh grants); default /oauth2/api/v1/token' },
      clientId: { type: 'string', minLength: 1, description: 'The OAuth client id for the password and refresh grants; default the app id' },
      os: { enum: ['ios', 'android', 'windows', 'baidu', 'w3cpushapi'], description: 'Push platform of the test devices; default android' },
    },
  },
  simulate({ clock, defects: on }) {
    const config = { appId: 'com.example.conformance', username: 'mobile-conformance', password: 'sim-sap-mobile-services-Pa55!' };
    const model = new SapMobileServicesModel(clock, on, { [config.username]: config.password });
    return { model, routes: routes(model), config };
  },
  connect: (services, config) => new SapMobileServicesClient(services, config),
  openSessions: (model) => model.openSessions,
} satisfies SystemDefinition<SapMobileServicesTarget, SapMobileServicesModel, SapMobileServicesClient>;
