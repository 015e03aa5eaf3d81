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
 * A result as a QA reader sees it, with the status of its verdict: a message is the one
 * line the harness wrote (the category it falls in is decided by it), never a stack trace
 * with local paths. Allure's own guess files any error whose text says "assert" as failed,
 * a gateway's page quoted in a target's error included; here only a nonconformance is
 * failed, every other error broken, and each loses its type name (a target's message then
 * starts with `[system]`).
 */
function plain(result, { nonconformance, target }) {
  const details = (d) => (d && (d.message || d.trace) ? { ...d, message: String(d.message ?? '').split('\n')[0], trace: undefined } : d);
  const judged = (x) => {
    const statusDetails = details(x.statusDetails);
    if ((x.status !== 'failed' && x.status !== 'broken') || !statusDetails?.message) return { ...x, statusDetails };
    const [, name, rest] = /^(\w+): ([\s\S]*)$/.exec(statusDetails.message) ?? [];
    const shown = name === nonconformance || name === target ? rest : statusDetails.message;
    return { ...x, status: name === nonconformance ? 'failed' : 'broken', statusDetails: { ...statusDetails, message: shown } };
  };
  const steps = (xs) => (xs ?? []).map((s) => ({ ...judged(s), steps: steps(s.steps) }));
  return { ...judged(result), steps: steps(result.steps) };
}

/** The name of a skip attachment (why the scenario did not run: "not verified: …", "out of scope: …") in these steps, at any depth. */
function skipReason(steps, mediaType) {
  for (const step of steps ?? []) {
    const found = (step.attachments ?? []).find((a) => a.type === mediaType)?.name ?? skipReason(step.steps, mediaType);
    if (found) return found;
  }
  return undefined;
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
  /** Why a scenario was skipped, by its result's uuid, from its Before hook's fixture. */
  #reasons = new Map();
  /** Skipped results waiting for their Before hook's fixture, which says why. */
  #held = new Map();

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
    const reason = skipReason(result.befores, this.config.verdicts.skipped);
    if (!reason) return;
    for (const child of result.children ?? []) {
      const held = this.#held.get(child);
      this.#held.delete(child);
      if (held) this.#result(held, reason);
      else this.#reasons.set(child, reason);
    }
  }

  // A skipped scenario says why as its message: a step said so, or its Before hook did, whose fixture may come after it.
  writeResult(result) {
    if (result.status !== 'skipped' || result.statusDetails?.message) return this.#result(result);
    const reason = skipReason(result.steps, this.config.verdicts.skipped) ?? this.#reasons.get(result.uuid);
    this.#reasons.delete(result.uuid);
    if (reason) this.#result(result, reason);
    else this.#held.set(result.uuid, result);
  }

  #result(result, reason) {
    const { deployment, verdicts } = this.config;
    const shown = reason ? { ...result, statusDetails: { ...result.statusDetails, message: reason } } : result;
    this.#json(`${result.uuid}-result.json`, plain(deployment ? ofDeployment(shown, deployment) : shown, verdicts));
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
    // A skipped result whose fixture never said why is written as it is.
    for (const held of this.#held.values()) this.#result(held);
    this.#held.clear();
    while (this.#pending.size) await Promise.all(this.#pending);
    const error = this.#failure;
    this.#failure = undefined;
    if (error) throw error;
  }
}

module.exports = { PlainFileWriter };
