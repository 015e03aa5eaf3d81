import { accountSchema, moreAccountsSchema } from '../accounts.ts';
import type { SystemDefinition } from '../system.ts';
import { clauses } from './clauses.ts';
import { resources } from './resources.ts';
import { FlexiClient, type FlexiTarget } from './client.ts';
import { defects, FlexiModel, variations } from './model.ts';
import { routes } from './routes.ts';
import { WEB_LOGIN } from './vocabulary.ts';

/** An account a scenario needs only where the targets file names it. */
const optionalAccount = (description: string) => ({ ...accountSchema(description), nullable: true }) as const;

export const flexi = {
  key: 'flexi',
  title: 'ABRA Flexi',
  basePath: '',
  clauses,
  defects,
  variations,
  targetSchema: {
    type: 'object',
    required: ['company', 'admin', 'user', 'otherUser'],
    properties: {
      company: { type: 'string', minLength: 1, description: 'A company (database name) every test account may read' },
      admin: accountSchema('Dedicated test administrator: rights to all companies and to manage the licence'),
      user: accountSchema("Dedicated ordinary test user. Flexi logs out EVERY session of a user: never a person's account"),
      otherUser: accountSchema('A second dedicated ordinary test user'),
      moreUsers: moreAccountsSchema(
        'Further dedicated ordinary test users, optional: a Flexi logout ends every session of its user, so scenarios of one user run one after another, and each user given here lets another run beside them',
      ),
      moreAdmins: moreAccountsSchema(
        'Further dedicated test administrators (the rights of admin), optional: every scenario with an administrator session ends it, so they run one after another unless given more',
      ),
      nonAsciiUser: optionalAccount(
        'A dedicated test user whose login has non-ASCII letters (e.g. novák); FLX-10 needs it (without it FLX-10 is not verified)',
      ),
      serverAuth: optionalAccount(
        'Credentials with server authorization (a server account, not a company user), sent with HTTP Basic authentication; FLX-12 needs it (without it FLX-12 is not verified)',
      ),
      webLogin: {
        type: 'object',
        nullable: true,
        additionalProperties: false,
        required: ['path'],
        description:
          "How the web interface logs in, for FLX-11 (without it FLX-11 is not verified): a form POST of the user's name and password whose answer sets the session cookie(s)",
        properties: {
          path: { type: 'string', pattern: '^/', description: `The login form's action, e.g. ${WEB_LOGIN}` },
          usernameField: { type: 'string', nullable: true, minLength: 1, description: 'Default username' },
          passwordField: { type: 'string', nullable: true, minLength: 1, description: 'Default password' },
          probePath: {
            type: 'string',
            nullable: true,
            pattern: '^/',
            description: 'A web page that answers 200 to a live web session and 401 or a redirect to a login page to a dead one; default /c/{company}',
          },
        },
      },
      probePath: {
        type: 'string',
        nullable: true,
        pattern: '^/',
        description: 'A JSON call in the company that needs a session; default /c/{company}/adresar.json?limit=1',
      },
      deadSession: { type: 'string', nullable: true, enum: ['401', 'redirect'], description: "How a dead session's JSON call is answered; default 401" },
    },
  },
  routes,
  simulate({ clock, defects: on, variations: varied }) {
    const config = {
      company: 'demo',
      admin: { username: 'spravce', password: 'sim-flexi-admin-Pa55!' },
      user: { username: 'franta', password: 'sim-flexi-franta-Pa55!' },
      otherUser: { username: 'pepa', password: 'sim-flexi-pepa-Pa55!' },
      // Further test accounts, so the simulators' own scenarios run side by side as a well-provided target's would.
      moreUsers: [
        { username: 'jarmila', password: 'sim-flexi-jarmila-Pa55!' },
        { username: 'karel', password: 'sim-flexi-karel-Pa55!' },
      ],
      moreAdmins: [
        { username: 'spravce2', password: 'sim-flexi-admin2-Pa55!' },
        { username: 'spravce3', password: 'sim-flexi-admin3-Pa55!' },
      ],
      nonAsciiUser: { username: 'novák', password: 'sim-flexi-novak-Pa55!' },
      serverAuth: { username: 'flexi-server', password: 'sim-flexi-server-Pa55!' },
      webLogin: { path: WEB_LOGIN },
    };
    const administrators = [config.admin, ...config.moreAdmins];
    const users = Object.fromEntries(
      [...administrators, config.user, config.otherUser, ...config.moreUsers, config.nonAsciiUser, config.serverAuth].map((a) => [
        a.username,
        { password: a.password, admin: administrators.includes(a), server: a === config.serverAuth },
      ]),
    );
    const model = new FlexiModel(clock, { defects: on, variations: varied }, users, [config.company, 'nejlepsi_firma_a_s_']);
    return { model, config };
  },
  connect: (services, config) => new FlexiClient(services, config),
  resources,
  openSessions: (model) => model.openSessions,
} satisfies SystemDefinition<FlexiTarget, FlexiModel, FlexiClient>;
