// Cucumber profiles choose where the systems under test run; the features and steps
// are the same for every profile. Reports are the run's own (support/run/run.ts),
// not the profile's.
//   default  — every system on its built-in simulator, in process through nock;
//              live instead when a targets file is given.
//   loopback — the same simulators on real HTTP servers at 127.0.0.1.
//   live     — the real endpoints named in the targets file.
const common = {
  paths: ['features/**/*.feature'],
  import: ['support/harness/*.ts', 'steps/**/*.ts'],
};

module.exports = {
  default: { ...common },
  loopback: { ...common, worldParameters: { mode: 'loopback' } },
  live: { ...common, worldParameters: { mode: 'live' } },
};
