// Allure's FileSystemWriter writes every result and attachment to a temporary
// file, fsyncs it and renames it, one after the other on the main thread: with
// some 800 files per run that was over half of a whole conformance run. The
// results are read only after the run (`npm run report`), so this writer hands
// each file to the thread pool and lets the scenarios go on. One writer per run:
// the run awaits its `settled()` before anything reads the results folder.
const { copyFile, writeFile } = require('node:fs/promises');
const { mkdirSync } = require('node:fs');
const { join } = require('node:path');
const { FileSystemWriter } = require('allure-js-commons/sdk/reporter');

/**
 * A result as a QA reader sees it: a message is the one line the harness wrote
 * (the category it falls in is decided by it), never a stack trace with local paths.
 */
function plain(result) {
  const details = (d) => (d && (d.message || d.trace) ? { ...d, message: String(d.message ?? '').split('\n')[0], trace: undefined } : d);
  const steps = (xs) => (xs ?? []).map((s) => ({ ...s, statusDetails: details(s.statusDetails), steps: steps(s.steps) }));
  return { ...result, statusDetails: details(result.statusDetails), steps: steps(result.steps) };
}

/**
 * A fleet's result: the deployment becomes the parent suite (system, then feature,
 * below it) and a label, and is part of the test's identity — else Allure would take
 * the same scenario on two deployments for retries of one test.
 */
function ofDeployment(result, deployment) {
  const moved = { parentSuite: 'suite', suite: 'subSuite' };
  const labels = (result.labels ?? []).filter((l) => l.name !== 'subSuite').map((l) => (moved[l.name] ? { ...l, name: moved[l.name] } : l));
  const id = (value) => (value ? `${deployment}:${value}` : value);
  return {
    ...result,
    historyId: id(result.historyId),
    testCaseId: id(result.testCaseId),
    labels: [{ name: 'parentSuite', value: deployment }, { name: 'deployment', value: deployment }, ...labels],
  };
}

class PlainFileWriter extends FileSystemWriter {
  /** Writes still in flight. */
  #pending = new Set();
  /** The first write that failed since the last `settled()`. */
  #failure;

  writeAttachment(name, content) {
    this.#track(name, writeFile(this.buildPath(name), content));
  }

  writeAttachmentFromPath(name, from) {
    this.#track(name, copyFile(from, this.buildPath(name)));
  }

  writeCategoriesDefinitions(categories) {
    this.#json('categories.json', categories);
  }

  writeGroup(result) {
    this.#json(`${result.uuid}-container.json`, result);
  }

  writeResult(result) {
    const { deployment } = this.config;
    this.#json(`${result.uuid}-result.json`, plain(deployment ? ofDeployment(result, deployment) : result));
  }

  writeGlobals(name, info) {
    this.#json(name, info);
  }

  // The folder may be removed between two runs in one process (a run starts afresh).
  buildPath(name) {
    mkdirSync(this.config.resultsDir, { recursive: true });
    return join(this.config.resultsDir, name);
  }

  #json(name, value) {
    // Serialised now: allure goes on changing its objects after handing them over.
    this.#track(name, writeFile(this.buildPath(name), JSON.stringify(value)));
  }

  #track(name, write) {
    const tracked = write.catch((err) => {
      this.#failure ??= new Error(`could not write Allure result ${join(this.config.resultsDir, name)}: ${err.code ?? err.message}`);
    });
    this.#pending.add(tracked);
    void tracked.finally(() => this.#pending.delete(tracked));
  }

  /** Resolves when every file handed over so far is on disk; rejects, once, if any could not be written. */
  async settled() {
    while (this.#pending.size) await Promise.all(this.#pending);
    const error = this.#failure;
    this.#failure = undefined;
    if (error) throw error;
  }
}

module.exports = { PlainFileWriter };
