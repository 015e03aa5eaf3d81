// Cucumber profiles choose where the systems under test run; the features and steps
// are the same for every profile.
//   default  — every system on its built-in simulator, in process through nock;
//              live instead when CONFORMANCE_TARGETS names a targets file.
//   loopback — the same simulators on real HTTP servers at 127.0.0.1.
//   live     — the real endpoints named in the targets file (CONFORMANCE_TARGETS).
const { PlainFileWriter } = require('./support/report/allure-writer.cjs');

// Every output lands under CONFORMANCE_REPORTS (default reports/), from the folder the
// command was started in, also when cucumber is given the installed package's folder.
const reports = require('node:path').resolve(process.env.CONFORMANCE_REPORTS || 'reports');
// Node strips types except under node_modules: an installed package runs the .js its
// prepack compiled (tsconfig.build.json), a checkout runs the .ts as they are.
const code = __dirname.split(require('node:path').sep).includes('node_modules') ? 'js' : 'ts';
const common = {
  paths: ['features/**/*.feature'],
  import: [`support/harness/*.${code}`, `steps/**/*.${code}`],
  format: [
    'progress',
    ['allure-cucumberjs/reporter', `${reports}/allure.log`],
    ['junit', `${reports}/cucumber-junit.xml`],
    ['html', `${reports}/cucumber-report.html`],
    ['message', `${reports}/cucumber-messages.ndjson`],
  ],
  formatOptions: { resultsDir: `${reports}/allure-results`, writer: new PlainFileWriter({ resultsDir: `${reports}/allure-results` }) },
};

module.exports = {
  default: { ...common },
  loopback: { ...common, worldParameters: { mode: 'loopback' } },
  live: { ...common, worldParameters: { mode: 'live' } },
};
