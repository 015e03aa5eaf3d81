// Allure's FileSystemWriter writes every result and attachment to a temporary
// file, fsyncs it and renames it: a third of a whole conformance run's time. The
// results are read only after the run, by `npm run report`, so plain writes serve.
const { copyFileSync, mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { FileSystemWriter } = require('allure-js-commons/sdk/reporter');

class PlainFileWriter extends FileSystemWriter {
  writeAttachment(name, content) {
    writeFileSync(this.buildPath(name), content);
  }

  writeAttachmentFromPath(name, from) {
    copyFileSync(from, this.buildPath(name));
  }

  writeCategoriesDefinitions(categories) {
    writeFileSync(this.buildPath('categories.json'), JSON.stringify(categories));
  }

  writeGroup(result) {
    writeFileSync(this.buildPath(`${result.uuid}-container.json`), JSON.stringify(result));
  }

  writeResult(result) {
    writeFileSync(this.buildPath(`${result.uuid}-result.json`), JSON.stringify(result));
  }

  writeGlobals(name, info) {
    writeFileSync(this.buildPath(name), JSON.stringify(info));
  }

  // The folder may be removed between two runs in one process (a run starts afresh).
  buildPath(name) {
    mkdirSync(this.config.resultsDir, { recursive: true });
    return join(this.config.resultsDir, name);
  }
}

module.exports = { PlainFileWriter };
