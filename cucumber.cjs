// Cucumber profiles choose where the systems under test run; the features and steps
// are the same for every profile. Reports are the run's own (support/run/run.ts),
// not the profile's.
//   default  — every system on its built-in simulator, in process through nock;
//              live instead when a targets file is given.
//   loopback — the same simulators on real HTTP servers at 127.0.0.1.
//   live     — the real endpoints named in the targets file.

// Node strips types except under node_modules: an installed package runs the .js its
// prepack compiled (tsconfig.build.json), a checkout runs the .ts as they are.
const code = __dirname.split(require('node:path').sep).includes('node_modules') ? 'js' : 'ts';
const common = {
  paths: ['features/**/*.feature'],
  import: [`support/harness/*.${code}`, `steps/**/*.${code}`],
};

module.exports = {
  default: { ...common },
  loopback: { ...common, worldParameters: { mode: 'loopback' } },
  live: { ...common, worldParameters: { mode: 'live' } },
};
