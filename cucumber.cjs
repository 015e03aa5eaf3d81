// Cucumber profiles choose where the systems under test run; the features and steps
// are the same for every profile.
//   default  — every system on its built-in simulator, in process through nock.
const common = {
  paths: ['features/**/*.feature'],
  import: ['support/harness/*.ts', 'steps/**/*.ts'],
  format: [
    'progress',
    ['allure-cucumberjs/reporter', 'reports/allure.log'],
  ],
  formatOptions: { resultsDir: 'reports/allure-results' },
};

module.exports = {
  default: { ...common, worldParameters: { mode: 'simulated' } },
};
