// The stdout formatter of an in-process run without formatters. Cucumber always runs
// one on stdout; its progress printer keeps its own index of the run's messages, which
// costs a run printing into a sink about as much as a tenth of the harness's own work.
// This one listens to nothing.
export default { type: 'formatter', formatter: (): void => undefined };
